package dev.iqmon.image;

import dev.iqmon.image.ImageFetchException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Resolves a claim check, the URI an image event carries instead of the bytes, to those bytes,
 * within a {@link FetchPolicy}: {@code file:} under configured root directories only (none by
 * default; judged on the normalised name first, so that a refusal does not tell whether a path
 * exists, then again with symbolic links resolved) and {@code http(s):} to allowed hosts only,
 * redirects included. Size limits hold while the bytes stream in, whatever a server announces.
 * Thread-safe.
 */
public final class ImageFetcher {

  private final FetchPolicy policy;
  private final List<Path> lexicalRoots;
  private final List<Path> realRoots;
  private final HttpImageSource http;

  public ImageFetcher(FetchPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.realRoots = policy.fileRoots().stream().map(ImageFetcher::realOrAbsolute).toList();
    // A root may be a link itself: a name under either spelling of it passes the first check.
    this.lexicalRoots =
        Stream.concat(
                policy.fileRoots().stream().map(root -> root.toAbsolutePath().normalize()),
                realRoots.stream())
            .distinct()
            .toList();
    this.http = new HttpImageSource(policy);
  }

  public FetchPolicy policy() {
    return policy;
  }

  /**
   * The bytes behind the URI.
   *
   * @throws ImageFetchException with the reason when the URI is refused or cannot be read
   */
  public byte[] fetch(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file" -> readFile(uri);
      case "http", "https" -> http.fetch(uri);
      default ->
          throw new ImageFetchException(
              Reason.NOT_ALLOWED, "scheme '" + scheme + "' is not allowed: " + uri);
    };
  }

  private byte[] readFile(URI uri) {
    if (realRoots.isEmpty()) {
      throw new ImageFetchException(
          Reason.NOT_ALLOWED,
          "file: references are refused: images.fetch.file-roots names no directory");
    }
    Path path = localPath(uri).toAbsolutePath().normalize();
    // Judged on the name before the file system is asked, so that a refusal says nothing about
    // whether the path exists; links inside a root are checked again once resolved.
    if (!underRoot(path, lexicalRoots)) {
      throw outsideRoots(uri);
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new ImageFetchException(Reason.NOT_FOUND, "no such file: " + uri, e);
    } catch (IOException e) {
      throw new ImageFetchException(Reason.IO, "cannot resolve " + uri + ": " + e, e);
    }
    if (!underRoot(real, realRoots)) {
      throw outsideRoots(uri);
    }
    if (!Files.isRegularFile(real)) {
      throw new ImageFetchException(Reason.NOT_FOUND, "not a regular file: " + uri);
    }
    try (InputStream in = Files.newInputStream(real)) {
      return readCapped(in, policy.maxBytes(), uri);
    } catch (IOException e) {
      throw new ImageFetchException(Reason.IO, "cannot read " + uri + ": " + e, e);
    }
  }

  private static boolean underRoot(Path path, List<Path> roots) {
    return roots.stream().anyMatch(path::startsWith);
  }

  private static ImageFetchException outsideRoots(URI uri) {
    return new ImageFetchException(
        Reason.NOT_ALLOWED, uri + " is outside the directories of images.fetch.file-roots");
  }

  private static Path localPath(URI uri) {
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw new ImageFetchException(Reason.NOT_ALLOWED, "not a local file URI: " + uri, e);
    }
  }

  /** Reads at most {@code maxBytes}; one byte more is {@link Reason#TOO_LARGE}. */
  static byte[] readCapped(InputStream in, long maxBytes, URI uri) throws IOException {
    int cap = (int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8);
    byte[] bytes = in.readNBytes(cap);
    if (bytes.length > maxBytes) {
      throw new ImageFetchException(
          Reason.TOO_LARGE, uri + " has more than " + maxBytes + " bytes");
    }
    return bytes;
  }

  private static Path realOrAbsolute(Path root) {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      return root.toAbsolutePath().normalize();
    }
  }
}
