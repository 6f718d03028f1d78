package org.ldirector.director.web;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Turns each decoded request into a {@link Reply} from {@link WebRoutes}; a request Netty could not decode gets a 4xx and a close. */
final class WebHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    private final WebRoutes routes;

    WebHandler(WebRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            int status = cause instanceof TooLongFrameException
                    ? (String.valueOf(cause.getMessage()).contains("header") ? 431 : 414) : 400;
            send(ctx, Reply.text(status, HttpResponseStatus.valueOf(status).reasonPhrase() + "\n"), false);
            return;
        }
        Reply reply;
        try {
            String client = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                    ? a.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
            reply = routes.handle(req, client);
        } catch (RuntimeException e) {
            LOG.info("web: error answering {} {}: {}", req.method(), WebRoutes.printablePath(req.uri()), e.toString());
            reply = Reply.text(500, "Internal Server Error\n");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req) && reply.status() < 400;
        boolean head = req.method().equals(HttpMethod.HEAD);
        Reply r = reply;
        if (r.delay().isZero()) {
            send(ctx, head ? new Reply(r.status(), r.contentType(), new byte[0], r.headers(), r.delay()) : r, keepAlive);
        } else {
            ctx.executor().schedule(() -> send(ctx, r, false), r.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void send(ChannelHandlerContext ctx, Reply r, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set("X-Frame-Options", "DENY");
        res.headers().set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
        res.headers().set("Referrer-Policy", "no-referrer");
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            res.headers().set(h.getKey(), h.getValue());
        }
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset connection, a TLS handshake from a port scanner, ...: nothing to answer.
        ctx.close();
    }
}
