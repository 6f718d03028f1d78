package org.ldirector.director.hooks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.ldirector.director.config.DirectorConfig;
import org.ldirector.director.config.HookCommand;
import org.ldirector.director.config.HookSettings;
import org.ldirector.director.config.VirtualService;
import org.ldirector.director.engine.EngineEvent;
import org.ldirector.director.ipvs.ServiceKey;

/**
 * The event hooks of the running configuration ({@code notify}, {@code monalert}, {@code monupalert},
 * {@code notifyfifo}; docs/operations.md "Event hooks"), subscribed to the director's event stream. It only
 * turns each event into calls and lines and hands them to its {@link CommandQueue} and {@link NotifyFifo}: the
 * publishing thread never waits for a script or a reader.
 *
 * <p>An event about a virtual runs that virtual's commands (its own, else the global ones); an event about the
 * whole director (reload, active/standby) runs every distinct {@code notify} command of the configuration once.
 */
public final class EventHooks implements Consumer<EngineEvent>, AutoCloseable {

    static final int FIFO_CAPACITY = 1000;

    private final CommandQueue commands;
    private final FifoLines fifoLines = new FifoLines();
    private HookSettings global = HookSettings.NONE;
    private Map<ServiceKey, VirtualService> virtuals = Map.of();
    private Set<HookCommand> allNotify = Set.of();
    private NotifyFifo fifo;

    public EventHooks(CommandQueue commands) {
        this.commands = commands;
    }

    /** Hooks with the default queue (1000 calls, 10 s each), following {@code config}. */
    public static EventHooks start(DirectorConfig config) {
        EventHooks hooks = new EventHooks(new CommandQueue());
        hooks.configure(config);
        return hooks;
    }

    /** Follows {@code config} from now on (before the engine applies it, so its first events find its hooks). */
    public void configure(DirectorConfig config) {
        NotifyFifo replaced = swap(config);
        if (replaced != null) {
            replaced.close(); // outside the lock: publishing threads never wait for it
        }
    }

    /** Takes {@code config}'s hooks; returns the FIFO writer it replaced, if any. */
    private synchronized NotifyFifo swap(DirectorConfig config) {
        global = config.globals().hooks();
        Map<ServiceKey, VirtualService> byKey = new HashMap<>();
        Set<HookCommand> notify = new LinkedHashSet<>();
        global.notifyCommand().ifPresent(notify::add);
        for (VirtualService v : config.virtuals()) {
            byKey.put(v.key(), v);
            v.hooks().notifyCommand().ifPresent(notify::add);
        }
        virtuals = byKey;
        allNotify = notify;
        Optional<Path> path = global.notifyFifo();
        NotifyFifo replaced = null;
        if (fifo != null && !path.equals(Optional.of(fifo.path()))) {
            replaced = fifo;
            fifo = null;
        }
        if (fifo == null && path.isPresent()) {
            fifo = new NotifyFifo(path.get(), FIFO_CAPACITY);
        }
        return replaced;
    }

    @Override
    public synchronized void accept(EngineEvent event) {
        HookEvent e = HookEvent.of(event);
        Optional<VirtualService> v = e.virtual().map(virtuals::get);
        if (e.aboutVirtual()) {
            HookSettings hooks = v.map(VirtualService::hooks).orElse(global);
            hooks.notifyCommand().ifPresent(c -> commands.submit(NotifyCall.job(c, e)));
            if (event instanceof EngineEvent.RealChanged c) {
                MonAlertCall.job(hooks, v, c).ifPresent(commands::submit);
            }
        } else {
            allNotify.forEach(c -> commands.submit(NotifyCall.job(c, e)));
        }
        if (fifo != null) {
            fifoLines.lines(event).forEach(fifo::offer);
        }
    }

    /** Lets the waiting calls and lines go out (bounded by {@code drain}), then stops. */
    public void close(Duration drain) {
        NotifyFifo f;
        synchronized (this) {
            f = fifo;
            fifo = null;
        }
        commands.close(drain);
        if (f != null) {
            f.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
