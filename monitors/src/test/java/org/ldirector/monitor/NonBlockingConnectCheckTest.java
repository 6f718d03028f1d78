package org.ldirector.monitor;

/** Every {@link ConnectCheckTest} case, run on the event-loop connect check: same verdicts, same messages. */
class NonBlockingConnectCheckTest extends ConnectCheckTest {

    @Override
    Monitor monitor() {
        return new NonBlockingConnectCheck();
    }
}
