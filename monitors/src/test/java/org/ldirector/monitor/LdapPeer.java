package org.ldirector.monitor;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldif.LDIFException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * UnboundID's in-memory directory server on 127.0.0.1 with the entries the LDAP check tests look
 * for: the base {@value #BASE}, {@code ou=people} and the user {@value #USER_DN} with
 * {@value #PASSWORD}. Listeners: {@code ldap} (plain) and optionally {@code ldaps} (a self-signed
 * certificate).
 */
public final class LdapPeer {

    public static final String BASE = "dc=example,dc=test";
    public static final String USER_DN = "uid=checker,ou=people," + BASE;
    public static final String PASSWORD = "Ldap-pa55-never-logged";

    private LdapPeer() {
    }

    /** A plain listener on {@code ldapPort} and, if {@code ldapsPort} ≥ 0, an LDAPS one (0: any free port). */
    public static InMemoryDirectoryServer start(int ldapPort, int ldapsPort, boolean bindRequiredForSearch)
            throws LDAPException, LDIFException, UnknownHostException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InMemoryListenerConfig ldap = InMemoryListenerConfig.createLDAPConfig("ldap", loopback, ldapPort, null);
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        if (ldapsPort >= 0) {
            HeldCertificate certificate = new HeldCertificate.Builder().commonName("ldap.example.test").build();
            HandshakeCertificates tls = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
            config.setListenerConfigs(ldap, InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, ldapsPort,
                    tls.sslContext().getServerSocketFactory(), null));
        } else {
            config.setListenerConfigs(ldap);
        }
        if (bindRequiredForSearch) {
            config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH);
        }
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
        server.add("dn: ou=people," + BASE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
        server.add("dn: " + USER_DN, "objectClass: top", "objectClass: person", "objectClass: inetOrgPerson",
                "uid: checker", "cn: Checker", "sn: Checker", "userPassword: " + PASSWORD);
        server.startListening();
        return server;
    }
}
