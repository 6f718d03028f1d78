package org.ldirector.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;

/**
 * An embedded Apache FtpServer on 127.0.0.1 serving one directory to a fixed set of users (read
 * only). Its passive data listener binds 127.0.0.1 but its PASV replies name 127.0.0.2, where
 * nothing listens: a check that comes up has connected to the real's address, not to the one in
 * the reply.
 */
public final class FtpPeer implements AutoCloseable {

    private final FtpServer server;
    private final int port;

    private FtpPeer(FtpServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Serves {@code home} on {@code port} (0: any free port) to {@code users} (name → password);
     * {@code work} holds the user file.
     */
    public static FtpPeer start(Path work, Path home, int port, Map<String, String> users) throws IOException, FtpException {
        PropertiesUserManagerFactory factory = new PropertiesUserManagerFactory();
        factory.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        factory.setFile(Files.createTempFile(work, "users", ".properties").toFile());
        UserManager userManager = factory.createUserManager();
        for (Map.Entry<String, String> u : users.entrySet()) {
            BaseUser user = new BaseUser();
            user.setName(u.getKey());
            user.setPassword(u.getValue());
            user.setHomeDirectory(home.toString());
            user.setAuthorities(List.<Authority>of());
            userManager.save(user);
        }

        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.2");
        // No active (PORT) data connections: every retrieval that works here was passive.
        data.setActiveEnabled(false);
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());

        FtpServerFactory serverFactory = new FtpServerFactory();
        serverFactory.setUserManager(userManager);
        serverFactory.addListener("default", listener.createListener());
        FtpServer server = serverFactory.createServer();
        server.start();
        return new FtpPeer(server, ((DefaultFtpServer) server).getListener("default").getPort());
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stop();
    }
}
