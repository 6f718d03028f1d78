package org.ldirector.director.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ldirector.director.config.HookCommand;
import org.ldirector.director.config.HookSettings;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.engine.EngineEvent.RealChanged;
import org.ldirector.director.engine.RealState;

/**
 * A mon alert for a real that went down ({@code monalert}) or came back from down ({@code monupalert}), called
 * the way mon calls its {@code alert.d} scripts: {@code ALERT -s SERVICE -g GROUP -h "HOSTS" -t TIME [-u] [ARGS]}
 * (so {@code $6} is the host and {@code $9} is {@code -u} in an upalert), the summary line and the details on
 * stdin, and mon's {@code MON_*} variables. The group is the virtual ({@code tcp:10.1.1.1:80}), the service
 * its {@code servicename} or else its check's service ({@code http}), the host the real's address alone.
 */
final class MonAlertCall {

    private MonAlertCall() {
    }

    static Optional<HookJob> job(HookSettings hooks, Optional<VirtualService> virtual, RealChanged c) {
        boolean failure = c.to() == RealState.DOWN;
        boolean up = c.from() == RealState.DOWN && (c.to() == RealState.UP || c.to() == RealState.DRAINED);
        Optional<HookCommand> command = failure ? hooks.monAlert() : up ? hooks.monUpAlert() : Optional.empty();
        return command.map(cmd -> job(cmd, virtual, c, up));
    }

    private static HookJob job(HookCommand command, Optional<VirtualService> virtual, RealChanged c, boolean up) {
        HookEvent e = HookEvent.of(c);
        String service = virtual.flatMap(VirtualService::serviceName)
                .orElse(virtual.map(v -> v.check().service().configName()).orElse("ldirector"));
        String group = c.virtual().id();
        String host = c.real().host();
        String time = String.valueOf(c.at().getEpochSecond());
        List<String> argv = new ArrayList<>();
        argv.add(command.program());
        argv.addAll(List.of("-s", service, "-g", group, "-h", host, "-t", time));
        if (up) {
            argv.add("-u");
        }
        argv.addAll(command.argv().subList(1, command.argv().size()));
        String summary = host;
        String details = c.real() + " (" + group + ") " + c.from().word() + " -> " + c.to().word()
                + (c.reason().isEmpty() ? "" : ": " + NotifyCall.reason(c.reason())); // stdin stays far below a pipe's 64 KiB
        Map<String, String> env = new LinkedHashMap<>(NotifyCall.environment(e));
        env.put("MON_GROUP", group);
        env.put("MON_SERVICE", service);
        env.put("MON_ALERTTYPE", up ? "up" : "failure");
        env.put("MON_RETVAL", up ? "0" : "1");
        env.put("MON_OPSTATUS", up ? "1" : "0"); // mon's STAT_OK and STAT_FAIL
        env.put("MON_LAST_SUMMARY", summary);
        env.put("MON_LAST_OUTPUT", summary + "\n" + details);
        env.put(up ? "MON_LAST_SUCCESS" : "MON_LAST_FAILURE", time);
        env.put("MON_DESCRIPTION", virtual.flatMap(VirtualService::comment).orElse(""));
        return new HookJob(up ? "monupalert" : "monalert", NotifyCall.about(e), argv, env, summary + "\n" + details + "\n");
    }
}
