package dev.iqmon.schema;

/** The subject's compatibility level rejected a new schema (HTTP 409). */
public final class IncompatibleSchemaException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public IncompatibleSchemaException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
