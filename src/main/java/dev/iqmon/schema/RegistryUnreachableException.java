package dev.iqmon.schema;

/**
 * The registry did not answer usefully after every retry: connections refused or timed out, or it
 * kept answering with 5xx.
 */
public final class RegistryUnreachableException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public RegistryUnreachableException(
      String message, int httpStatus, int errorCode, Throwable cause) {
    super(message, httpStatus, errorCode, cause);
  }
}
