package dev.iqmon.schema;

import org.apache.avro.Schema;

/**
 * A schema registry as the Confluent REST API sees it: subjects hold versions of schemas, every
 * distinct schema has a global id, and a compatibility level guards what may be added to a subject.
 *
 * <p>Failures are {@link SchemaRegistryException}s; the subclasses name the ones a caller can act
 * on (unknown schema, incompatible schema, bad credentials, registry unreachable).
 */
public interface SchemaRegistry {

  /**
   * Registers {@code schema} under {@code subject} (a no-op when it is already there).
   *
   * @return the schema's global id
   * @throws IncompatibleSchemaException when the subject's compatibility level rejects it
   */
  int register(String subject, Schema schema);

  /**
   * The id of {@code schema} as it is already registered under {@code subject}.
   *
   * @throws SchemaNotFoundException when the subject does not exist or does not hold the schema
   */
  int idOf(String subject, Schema schema);

  /**
   * The schema with global id {@code id}.
   *
   * @throws SchemaNotFoundException when no schema has that id
   */
  Schema schemaById(int id);

  /**
   * Whether {@code schema} could be registered under {@code subject} given the subject's
   * compatibility level. A subject with no versions accepts any schema.
   */
  boolean testCompatibility(String subject, Schema schema);

  /** Sets the compatibility level that subjects without their own level use. */
  void setGlobalCompatibility(Compatibility level);

  /** Sets the compatibility level of one subject. */
  void setCompatibility(String subject, Compatibility level);
}
