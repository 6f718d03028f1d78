package org.ldirector.director.web;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.ldirector.director.config.WebSettings;

/**
 * The web interface's HTTP(S) server on Netty: one acceptor and one I/O thread, two worker
 * threads for rendering and actions, all daemon threads of their own, so a busy or hostile client
 * never delays a check. Limits: request line 4 KiB, headers 8 KiB, body 16 KiB, a whole request
 * within {@link RequestDeadline#LIMIT}, at most {@link #MAX_CONNECTIONS} connections.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger("ldirectord");
    static final int MAX_LINE = 4096;
    static final int MAX_HEADERS = 8192;
    static final int MAX_BODY = 16 * 1024;
    static final int MAX_CONNECTIONS = 256;

    private final EventLoopGroup io;
    private final EventExecutorGroup workers;
    private final Channel channel;
    private final String url;

    private WebServer(EventLoopGroup io, EventExecutorGroup workers, Channel channel, String url) {
        this.io = io;
        this.workers = workers;
        this.channel = channel;
        this.url = url;
    }

    public static WebServer start(WebSettings settings, StatusSource source, Metrics metrics, WebActions actions)
            throws InterruptedException, SSLException {
        SslContext ssl = settings.https()
                ? SslContextBuilder.forServer(settings.cert().get().toFile(), settings.key().get().toFile()).build() : null;
        Logins logins = new Logins(settings.passwd(), Clock.systemUTC());
        WebRoutes routes = new WebRoutes(source, metrics, actions, logins, ssl != null);
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("web-io", true),
                NioIoHandler.newFactory());
        EventExecutorGroup workers = new DefaultEventExecutorGroup(2, new DefaultThreadFactory("web-worker", true));
        ConnectionLimit limit = new ConnectionLimit(MAX_CONNECTIONS);
        try {
            ServerBootstrap b = new ServerBootstrap().group(io).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(limit);
                            if (ssl != null) {
                                p.addLast(ssl.newHandler(ch.alloc()));
                            }
                            p.addLast(new HttpServerCodec(MAX_LINE, MAX_HEADERS, 8192));
                            p.addLast(new HttpObjectAggregator(MAX_BODY, true));
                            p.addLast(new RequestDeadline());
                            p.addLast(workers, new WebHandler(routes));
                        }
                    });
            Channel ch = b.bind(new InetSocketAddress(settings.address().get(), settings.port())).sync().channel();
            InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
            String host = bound.getAddress() instanceof java.net.Inet6Address
                    ? "[" + bound.getAddress().getHostAddress().replaceAll("%.*", "") + "]" : bound.getAddress().getHostAddress();
            String url = (ssl != null ? "https" : "http") + "://" + host + ":" + bound.getPort() + "/";
            LOG.info("Web interface at {}{}", url, settings.passwd().isPresent() ? "" : " (read-only: no webpasswd)");
            return new WebServer(io, workers, ch, url);
        } catch (InterruptedException | RuntimeException e) {
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
