package dev.iqmon.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent for a child JVM that must not outlive the process that started it: it reads the
 * child's standard input, a pipe from the parent that nothing writes to, and halts the child when
 * the pipe closes. The kernel closes it whenever the parent dies, however it dies (SIGKILL, a
 * crash, a closed terminal), where a shutdown hook of the parent would not run.
 *
 * <p>The agent is this one class, written into a jar of its own by {@link #agentJar}; it uses
 * nothing but the JDK, so it runs on the classpath of any JVM ({@code -javaagent:JAR}).
 */
public final class ParentWatch {

  /** The child's exit status when its parent has gone. */
  public static final int EXIT_STATUS = 143;

  private static final String CLASS_FILE = "dev/iqmon/embedded/ParentWatch.class";

  private ParentWatch() {}

  /** The agent's entry point in the child: starts the watch and returns. */
  public static void premain(String args) {
    Thread watch = new Thread(ParentWatch::awaitEndOfInput, "iqmon-parent-watch");
    watch.setDaemon(true);
    watch.start();
  }

  private static void awaitEndOfInput() {
    byte[] ignored = new byte[256];
    try {
      InputStream in = System.in;
      while (in.read(ignored) >= 0) {
        // Nothing is sent; whatever is, is dropped.
      }
    } catch (IOException e) {
      // A broken pipe is a parent gone too.
    }
    System.err.println("iqmon-parent-watch: the process that started this one is gone; exiting");
    // At once: the parent that would have stopped this one cleanly cannot any more.
    Runtime.getRuntime().halt(EXIT_STATUS);
  }

  /** Writes the agent's jar into {@code dir} and returns its path, for {@code -javaagent:}. */
  public static Path agentJar(Path dir) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", ParentWatch.class.getName());
    Path jar = dir.resolve("iqmon-parent-watch.jar");
    try (InputStream classFile =
            ParentWatch.class.getClassLoader().getResourceAsStream(CLASS_FILE);
        OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      if (classFile == null) {
        throw new IllegalStateException("cannot find " + CLASS_FILE + " to make the agent of");
      }
      out.putNextEntry(new JarEntry(CLASS_FILE));
      classFile.transferTo(out);
      out.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + jar, e);
    }
    return jar;
  }
}
