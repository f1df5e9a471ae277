package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XML external entities are never resolved: a camt file whose entities point at a local file holding a
 * secret, or at a server on 127.0.0.1 that counts every request, is refused, the secret appears nowhere in
 * what the reader returns or says, and the server is never called. Through {@link CamtReader} and through
 * {@link BankFiles#read}, the way an upload reaches it.
 */
class CamtExternalEntityTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private String secret;
    private String fileUrl;
    private String httpUrl;

    @BeforeEach
    void aSecretFileAndAServerThatCountsRequests() throws IOException {
        secret = "SECRET-" + UUID.randomUUID();
        Path file = dir.resolve("secret.txt");
        Files.writeString(file, secret);
        fileUrl = file.toUri().toString();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("<!ENTITY leak \"" + secret + "\">" + secret).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        httpUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopTheServer() {
        server.stop(0);
    }

    @Test
    void entitiesPointingAtALocalFileOrALocalServerAreNeverRead() {
        List<String> doctypes = List.of(
                "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"" + fileUrl + "\">]>",
                "<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"" + httpUrl + "/entity\">]>",
                "<!DOCTYPE Document [<!ENTITY xxe PUBLIC \"-//x//y\" \"" + httpUrl + "/public\">]>",
                "<!DOCTYPE Document SYSTEM \"" + httpUrl + "/external.dtd\">",
                "<!DOCTYPE Document [<!ENTITY % dtd SYSTEM \"" + httpUrl + "/parameter\"> %dtd;]>",
                "<!DOCTYPE Document [<!ENTITY % dtd SYSTEM \"" + fileUrl + "\"> %dtd;]>");
        List<String> files = new ArrayList<>();
        for (String doctype : doctypes) {
            // after the declaration, as a whole file would have it, and in the payer's name, where it would show
            String sample = Samples.text(Samples.CAMT053_V02);
            files.add(sample.replaceFirst("\\?>", "?>\n" + java.util.regex.Matcher.quoteReplacement(doctype))
                    .replace("<Nm>Acme Tooling Co</Nm>", "<Nm>&xxe;&leak;</Nm>"));
            // without an XML declaration, and in UTF-16, so the declaration is the first thing read
            String bare = doctype + sample.substring(sample.indexOf("?>") + 2);
            files.add(bare);
            files.add("\uFEFF" + bare);
        }
        // XInclude is not processed by the reader: the element is only an unknown element
        files.add(Samples.text(Samples.CAMT053_V02)
                .replace(
                        "<Nm>Acme Tooling Co</Nm>",
                        "<Nm><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + httpUrl
                                + "/xinclude\" parse=\"text\"/></Nm>"));

        for (String xml : files) {
            for (byte[] bytes : List.of(xml.getBytes(StandardCharsets.UTF_8), xml.getBytes(StandardCharsets.UTF_16))) {
                assertNeverRead(() -> CamtReader.read(bytes), xml);
                assertNeverRead(() -> BankFiles.read(bytes, "statement.xml", Samples.firstNational()), xml);
            }
        }
        assertThat(requests.get()).as("requests the server received").isZero();
    }

    @Test
    void theServerAndTheFileDoAnswerWhenAskedSoTheTestCanFail() throws Exception {
        try (var in = java.net.URI.create(httpUrl + "/check").toURL().openStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains(secret);
        }
        assertThat(requests.get()).isEqualTo(1);
        assertThat(Files.readString(Path.of(java.net.URI.create(fileUrl)))).isEqualTo(secret);
    }

    private interface Read {
        BankStatement read();
    }

    private void assertNeverRead(Read read, String xml) {
        String seen;
        try {
            seen = String.valueOf(read.read());
        } catch (BankFileException refused) {
            assertThat(refused.problem().line()).as(xml).isPositive();
            seen = refused.getMessage();
        }
        assertThat(seen).as("what the reader returned or said for:\n%s", xml).doesNotContain(secret);
    }
}
