package dev.iqmon.trends;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The geometry of a set of time windows (tumbling or hopping, aligned to the epoch, each with its
 * own grace period) built from slices: the time line is cut into slices as long as the greatest
 * common divisor of every window's size and advance, so that every window is a whole number of
 * slices. A score is added to one slice, whatever the number of windows it belongs to; a window's
 * aggregate is the merge of its slices when it is read or closed.
 *
 * <p>A window closes once stream time (the latest capture time seen) reaches its end plus its grace
 * period. A score later than that is left out of the window, and out of its slice when every window
 * containing it has closed.
 */
public final class WindowSlicing {

  /** One configured window: its name, size and advance (equal for tumbling), grace, in ms. */
  public record Spec(String name, long size, long advance, long grace) {
    public Spec {
      if (size <= 0 || advance <= 0 || advance > size || grace < 0) {
        throw new IllegalArgumentException(
            "window " + name + " needs 0 < advance <= size and grace >= 0");
      }
    }
  }

  /** One window instance: [start, end), closing at {@code end + grace}. */
  public record Window(String name, long start, long end, long grace) {
    public long closesAt() {
      return end + grace;
    }
  }

  private static final Comparator<Window> CLOSING_ORDER =
      Comparator.comparingLong(Window::closesAt)
          .thenComparingLong(Window::start)
          .thenComparing(Window::name);

  private final List<Spec> specs;
  private final long slice;
  private final long retention;

  public WindowSlicing(List<Spec> specs) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("no windows");
    }
    this.specs = List.copyOf(specs);
    long g = 0;
    long longest = 0;
    for (Spec s : specs) {
      g = gcd(gcd(g, s.size()), s.advance());
      longest = Math.max(longest, s.size() + s.grace());
    }
    this.slice = g;
    this.retention = longest;
  }

  public List<Spec> specs() {
    return specs;
  }

  /** The length of a slice, in ms. */
  public long sliceLength() {
    return slice;
  }

  /** How long a slice must be kept after its start: the longest window plus its grace. */
  public long retention() {
    return retention;
  }

  /** The start of the slice that holds {@code time}. */
  public long sliceStart(long time) {
    return Math.floorDiv(time, slice) * slice;
  }

  /** The windows of one spec that contain {@code time}, oldest first. */
  public List<Window> containing(Spec spec, long time) {
    List<Window> out = new ArrayList<>();
    long first = Math.floorDiv(time - spec.size(), spec.advance()) + 1;
    long last = Math.floorDiv(time, spec.advance());
    for (long k = first; k <= last; k++) {
      out.add(window(spec, k * spec.advance()));
    }
    return out;
  }

  /**
   * Whether a score at {@code time} still counts for some window once stream time is {@code
   * streamTime}: true when at least one window that contains it has not closed.
   */
  public boolean accepts(long time, long streamTime) {
    for (Spec spec : specs) {
      long lastStart = Math.floorDiv(time, spec.advance()) * spec.advance();
      if (lastStart + spec.size() + spec.grace() > streamTime) {
        return true;
      }
    }
    return false;
  }

  /**
   * The windows that close when stream time moves from {@code from} to {@code to} ({@code from <
   * closesAt <= to}) and may hold scores, that is, start at or before {@code from}; in the order
   * they close.
   */
  public List<Window> closing(long from, long to) {
    List<Window> out = new ArrayList<>();
    if (to <= from) {
      return out;
    }
    for (Spec spec : specs) {
      long span = spec.size() + spec.grace();
      long first = Math.floorDiv(from - span, spec.advance()) + 1;
      long last = Math.floorDiv(Math.min(to - span, from), spec.advance());
      for (long k = first; k <= last; k++) {
        out.add(window(spec, k * spec.advance()));
      }
    }
    out.sort(CLOSING_ORDER);
    return out;
  }

  /**
   * The windows not yet closed at {@code streamTime} that may hold scores (start at or before it),
   * in the order they will close.
   */
  public List<Window> open(long streamTime) {
    List<Window> out = new ArrayList<>();
    for (Spec spec : specs) {
      long span = spec.size() + spec.grace();
      long first = Math.floorDiv(streamTime - span, spec.advance()) + 1;
      long last = Math.floorDiv(streamTime, spec.advance());
      for (long k = first; k <= last; k++) {
        out.add(window(spec, k * spec.advance()));
      }
    }
    out.sort(CLOSING_ORDER);
    return out;
  }

  private static Window window(Spec spec, long start) {
    return new Window(spec.name(), start, start + spec.size(), spec.grace());
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
