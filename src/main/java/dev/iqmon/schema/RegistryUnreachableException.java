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

  /**
   * Whether this exception is somewhere in the causes of {@code failure}: a registry outage, which
   * may pass, as opposed to an answer (an unknown id, an incompatible schema) which will not.
   */
  public static boolean isCauseOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RegistryUnreachableException) {
        return true;
      }
    }
    return false;
  }
}
