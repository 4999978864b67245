package dev.ftprobe.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ftprobe.tasks.Fixtures;
import dev.ftprobe.tasks.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a local HTTP server that serves the fixture corpora. */
class DataFetcherTest {
    @TempDir
    Path cache;

    private HttpServer server;
    private URI base;
    private final AtomicInteger requests = new AtomicInteger();
    /** Paths the server answers by sending half the promised body and closing the connection. */
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();
    /** Paths the server answers by sending half the body and then nothing, keeping the connection. */
    private final Set<String> stalled = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void serve(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String rel = ex.getRequestURI().getPath().substring("/data/".length());
        Path file = Fixtures.dataDir().resolve(rel);
        if (!Files.isRegularFile(file)) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        byte[] body = Files.readAllBytes(file);
        if (dropped.contains(rel)) {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            // Closing with fewer bytes than promised throws; a handler that throws makes the
            // server close the connection, which is the drop the client must survive.
            out.close();
            throw new IllegalStateException("unreachable: the close above throws");
        }
        if (stalled.contains(rel)) {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            try {
                Thread.sleep(10_000); // the connection stays open but nothing more comes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static DataFile pinned(String rel) throws IOException {
        return new DataFile(
                rel,
                URI.create("https://example.invalid/" + rel),
                Optional.of(DataFetcher.sha256(Fixtures.dataDir().resolve(rel))),
                "fixture");
    }

    private static DataFile unpinned(String rel) {
        return new DataFile(rel, URI.create("https://example.invalid/" + rel), Optional.empty(), "fixture");
    }

    private DataFetcher.Builder fetcher(List<DataFile> files) {
        return DataFetcher.builder().setCacheDir(cache).optFiles(files).optBaseUri(base);
    }

    private List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void downloadsVerifiesAndThenKeeps() throws IOException {
        List<DataFile> files = List.of(
                pinned("trec/TREC_10.label"),
                pinned("ud-english-pud/en_pud-ud-test.conllu"),
                unpinned("streusle-4.2/train/streusle.ud_train.json"));
        List<FetchResult> first = fetcher(files).build().fetch();
        assertThat(first).extracting(FetchResult::status).containsOnly(FetchResult.Status.DOWNLOADED);
        assertThat(first).extracting(FetchResult::verified).containsExactly(true, true, false);
        for (DataFile f : files) {
            assertThat(f.resolveIn(cache))
                    .hasSameBinaryContentAs(Fixtures.dataDir().resolve(f.relativePath()));
        }
        assertThat(leftovers()).hasSize(3);
        assertThat(requests).hasValue(3);

        List<FetchResult> second = fetcher(files).build().fetch();
        assertThat(second).extracting(FetchResult::status).containsOnly(FetchResult.Status.ALREADY_PRESENT);
        assertThat(requests).hasValue(3);
    }

    @Test
    void aWrongChecksumKeepsNothing() throws IOException {
        DataFile wrong = new DataFile(
                "trec/TREC_10.label", URI.create("https://example.invalid/x"), Optional.of("0".repeat(64)), "fixture");
        assertThatThrownBy(() -> fetcher(List.of(wrong)).build().fetch())
                .isInstanceOf(DataFetchException.class)
                .hasMessageContaining("checksum mismatch for trec/TREC_10.label")
                .hasMessageContaining("expected sha256 " + "0".repeat(64))
                .hasMessageContaining("--data-dir");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aDroppedConnectionKeepsNothingAndOtherFilesStillArrive() throws IOException {
        dropped.add("streusle-4.2/dev/streusle.ud_dev.json");
        List<DataFile> files = List.of(pinned("streusle-4.2/dev/streusle.ud_dev.json"), pinned("trec/TREC_10.label"));
        assertThatThrownBy(() -> fetcher(files).build().fetch())
                .isInstanceOf(DataFetchException.class)
                .hasMessageContaining("could not download streusle-4.2/dev/streusle.ud_dev.json from " + base)
                .hasMessageContaining("the connection failed during the transfer")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TREC_10"));
        assertThat(leftovers()).containsExactly(cache.resolve("trec/TREC_10.label"));
    }

    @Test
    void aStalledTransferIsAbandonedAndKeepsNothing() throws IOException {
        stalled.add("trec/train_5500.label");
        DataFile f = pinned("trec/train_5500.label");
        assertThatThrownBy(() -> fetcher(List.of(f))
                        .optStallTimeout(Duration.ofMillis(300))
                        .build()
                        .fetch())
                .isInstanceOf(DataFetchException.class)
                .hasMessageContaining("could not download trec/train_5500.label")
                .hasMessageContaining("no data arrived");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anUnpinnedFileThatDoesNotReadIsNotKept() throws IOException {
        // served from the fixture path of a TREC file, but claimed to be STREUSLE JSON
        DataFile f = unpinned("trec/TREC_10.label");
        DataFile claimed = new DataFile("trec/TREC_10.json", f.url(), Optional.empty(), "STREUSLE 4.2");
        Path served = Fixtures.dataDir().resolve("trec/TREC_10.label");
        server.createContext("/data/trec/TREC_10.json", ex -> {
            byte[] body = Files.readAllBytes(served);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        assertThatThrownBy(() -> fetcher(List.of(claimed)).build().fetch())
                .isInstanceOf(DataFetchException.class)
                .hasMessageContaining("does not read as STREUSLE 4.2")
                .hasMessageContaining("expected well-formed JSON");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void httpErrorStatus() {
        DataFile missing = unpinned("trec/nope.label");
        assertThatThrownBy(() -> fetcher(List.of(missing)).build().fetch())
                .isInstanceOf(DataFetchException.class)
                .hasMessageContaining("trec/nope.label")
                .hasMessageContaining("HTTP status 404");
    }

    @Test
    void aCorruptCachedFileIsReplaced() throws IOException {
        DataFile f = pinned("trec/TREC_10.label");
        Fixtures.write(cache, f.relativePath(), "LOC:city Where ?");
        List<FetchResult> r = fetcher(List.of(f)).build().fetch();
        assertThat(r.get(0).status()).isEqualTo(FetchResult.Status.DOWNLOADED);
        assertThat(f.resolveIn(cache)).hasSameBinaryContentAs(Fixtures.dataDir().resolve(f.relativePath()));
    }

    @Test
    void offlineNamesEveryMissingFileAndHowToProvideIt() throws IOException {
        DataFile present = pinned("trec/TREC_10.label");
        Files.createDirectories(present.resolveIn(cache).getParent());
        Files.copy(Fixtures.dataDir().resolve(present.relativePath()), present.resolveIn(cache));
        DataFile absent = pinned("trec/train_5500.label");
        assertThatThrownBy(() -> fetcher(List.of(present, absent))
                        .optOffline(true)
                        .build()
                        .fetch())
                .isInstanceOf(DataMissingException.class)
                .hasMessageContaining(absent.resolveIn(cache).toString())
                .hasMessageContaining("https://example.invalid/trec/train_5500.label")
                .hasMessageContaining("--data-dir")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TREC_10"));
        assertThat(requests).hasValue(0);
    }

    @Test
    void noNetworkSaysWhichFileAndHowToProvideIt() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        DataFile f = pinned("trec/TREC_10.label");
        assertThatThrownBy(() -> DataFetcher.builder()
                        .setCacheDir(cache)
                        .optFiles(List.of(f))
                        .optBaseUri(URI.create("http://127.0.0.1:" + closedPort + "/"))
                        .build()
                        .fetch())
                .isInstanceOf(DataFetchException.class)
                .hasMessageContaining("could not download trec/TREC_10.label")
                .hasMessageContaining(f.resolveIn(cache).toString())
                .hasMessageContaining("cannot connect")
                .hasMessageContaining("--data-dir");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void pinnedChecksumsMatchTheSharedCopiesWhereTheyAreByteIdentical() throws IOException {
        Path shared = SharedData.dir();
        for (DataFile f : DataFiles.ALL) {
            if (f.sha256().isPresent()) {
                assertThat(DataFetcher.sha256(f.resolveIn(shared)))
                        .as(f.relativePath())
                        .isEqualTo(f.sha256().get());
            }
        }
        assertThat(DataFiles.ALL).filteredOn(f -> f.sha256().isEmpty()).containsExactly(DataFiles.STREUSLE_TRAIN);
    }
}
