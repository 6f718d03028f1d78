package org.ldirector.director.web;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A slow client gets {@link #LIMIT} for each request, counted from the connection's start or the
 * end of the previous response, however it trickles its bytes; then the connection is closed.
 * (A read-idle timeout alone lets a client send one byte every few seconds for ever.)
 */
final class RequestDeadline extends ChannelDuplexHandler {

    static final Duration LIMIT = Duration.ofSeconds(10);
    private ScheduledFuture<?> timer;

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse) {
            // The response is on its way: the next request gets a fresh deadline.
            ctx.executor().execute(() -> arm(ctx));
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            timer.cancel(false);
        }
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = ctx.executor().schedule(() -> {
            ctx.close();
        }, LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
