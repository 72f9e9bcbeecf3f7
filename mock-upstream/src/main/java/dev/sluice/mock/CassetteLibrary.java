package dev.sluice.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Finds cassettes by name: under the root directory first (never outside it), then on the classpath (as given, then
 * under {@code cassettes/}). Files are read once, off the event loop, and cached.
 */
final class CassetteLibrary {

  private volatile @Nullable Path root;
  private final Map<String, Cassette> cache = new ConcurrentHashMap<>();

  void root(Path directory) {
    this.root = directory.toAbsolutePath().normalize();
    cache.clear();
  }

  Mono<Cassette> load(String name) {
    Cassette cached = cache.get(name);
    if (cached != null) {
      return Mono.just(cached);
    }
    return Mono.fromCallable(() -> cache.computeIfAbsent(name, n -> Cassette.parse(n, read(n))))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private byte[] read(String name) {
    try {
      Path directory = root;
      if (directory != null) {
        Path file = directory.resolve(name.startsWith("/") ? name.substring(1) : name).normalize();
        if (file.startsWith(directory) && Files.isRegularFile(file)) {
          return Files.readAllBytes(file);
        }
      }
      String resource = name.startsWith("/") ? name.substring(1) : name;
      ClassLoader loader = CassetteLibrary.class.getClassLoader();
      for (String candidate : new String[] {resource, "cassettes/" + resource}) {
        try (InputStream in = loader.getResourceAsStream(candidate)) {
          if (in != null) {
            return in.readAllBytes();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cassette " + name, e);
    }
    throw new MockRequestException(ControlHeaders.CASSETTE, "cassette not found: " + name);
  }
}
