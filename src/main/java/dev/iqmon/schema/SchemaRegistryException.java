package dev.iqmon.schema;

/**
 * A schema registry request failed. Carries the HTTP status and the registry's own error code
 * ({@code error_code} in the response body, e.g. 40403 for an unknown schema) where there was a
 * response; both are 0 when the registry could not be reached.
 */
public sealed class SchemaRegistryException extends RuntimeException
    permits SchemaNotFoundException,
        IncompatibleSchemaException,
        RegistryAuthenticationException,
        RegistryUnreachableException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    this(message, httpStatus, errorCode, null);
  }

  public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the registry's answer, or 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's {@code error_code}, or 0 when it gave none. */
  public int errorCode() {
    return errorCode;
  }
}
