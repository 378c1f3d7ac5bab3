package dev.iqmon.schema;

/**
 * The registry does not know the schema id, the subject (40401), or the schema under the subject
 * (40403).
 */
public final class SchemaNotFoundException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public SchemaNotFoundException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
