package dev.iqmon.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A schema registry in memory, for unit tests: global ids shared across subjects as in Confluent's
 * registry, compatibility checked with Avro's {@link SchemaCompatibility}, every call counted, and
 * a switch that makes it unreachable.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private final Map<Schema, Integer> idsBySchema = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();
  private final Map<String, Compatibility> compatibilityBySubject = new HashMap<>();
  private final Map<String, AtomicInteger> calls = new HashMap<>();
  private Compatibility globalCompatibility = Compatibility.BACKWARD;
  private int nextId;
  private boolean down;

  public InMemorySchemaRegistry() {
    this(1);
  }

  /** A registry whose first schema gets {@code firstId}. */
  InMemorySchemaRegistry(int firstId) {
    this.nextId = firstId;
  }

  /** How many times {@code method} (a method name of {@link SchemaRegistry}) was called. */
  synchronized int calls(String method) {
    AtomicInteger count = calls.get(method);
    return count == null ? 0 : count.get();
  }

  /** While down, every call fails as an unreachable registry does. */
  public synchronized void setDown(boolean down) {
    this.down = down;
  }

  synchronized List<Schema> versions(String subject) {
    return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    count("register");
    List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(schema)) {
      if (!compatible(level(subject), schema, versions)) {
        throw new IncompatibleSchemaException(
            "Schema being registered is incompatible with an earlier schema for subject " + subject,
            409,
            409);
      }
      versions.add(schema);
    }
    return idsBySchema.computeIfAbsent(schema, this::assignId);
  }

  @Override
  public synchronized int idOf(String subject, Schema schema) {
    count("idOf");
    List<Schema> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw new SchemaNotFoundException("Subject '" + subject + "' not found.", 404, 40401);
    }
    if (!versions.contains(schema)) {
      throw new SchemaNotFoundException("Schema not found under " + subject, 404, 40403);
    }
    return idsBySchema.get(schema);
  }

  @Override
  public synchronized Schema schemaById(int id) {
    count("schemaById");
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaNotFoundException("Schema " + id + " not found", 404, 40403);
    }
    return schema;
  }

  @Override
  public synchronized boolean testCompatibility(String subject, Schema schema) {
    count("testCompatibility");
    return compatible(level(subject), schema, versionsBySubject.getOrDefault(subject, List.of()));
  }

  @Override
  public synchronized void setGlobalCompatibility(Compatibility level) {
    count("setGlobalCompatibility");
    globalCompatibility = level;
  }

  @Override
  public synchronized void setCompatibility(String subject, Compatibility level) {
    count("setCompatibility");
    compatibilityBySubject.put(subject, level);
  }

  private Compatibility level(String subject) {
    return compatibilityBySubject.getOrDefault(subject, globalCompatibility);
  }

  private static boolean compatible(Compatibility level, Schema candidate, List<Schema> versions) {
    if (level == Compatibility.NONE || versions.isEmpty()) {
      return true;
    }
    List<Schema> against =
        level.name().endsWith("_TRANSITIVE")
            ? versions
            : List.of(versions.get(versions.size() - 1));
    boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
    boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
    return against.stream()
        .allMatch(
            old -> (!backward || canRead(candidate, old)) && (!forward || canRead(old, candidate)));
  }

  private static boolean canRead(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibilityType.COMPATIBLE;
  }

  private int assignId(Schema schema) {
    int id = nextId++;
    schemasById.put(id, schema);
    return id;
  }

  private void count(String method) {
    if (down) {
      throw new RegistryUnreachableException(
          "Schema registry at memory:// did not answer usefully after 1 attempt(s)", 0, 0, null);
    }
    calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
  }
}
