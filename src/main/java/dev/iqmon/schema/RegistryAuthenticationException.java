package dev.iqmon.schema;

/** The registry refused the credentials (HTTP 401) or the access (HTTP 403). */
public final class RegistryAuthenticationException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public RegistryAuthenticationException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
