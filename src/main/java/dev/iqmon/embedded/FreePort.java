package dev.iqmon.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks a TCP port on 127.0.0.1 that is free right now. Another process may take it before it is
 * bound again; for a test machine that window is small enough.
 */
public final class FreePort {

  private FreePort() {}

  /** {@code requested} when it is not 0, else a port free at the time of the call. */
  static int orPick(int requested) {
    if (requested < 0 || requested > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + requested);
    }
    return requested != 0 ? requested : pick();
  }

  /** {@code preferred} when nothing listens on it now, else a free port. */
  public static int preferred(int preferred) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), preferred));
      return preferred;
    } catch (IOException taken) {
      return pick();
    }
  }

  static int pick() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
    }
  }
}
