package dev.iqmon.inference;

/**
 * A model could not be loaded: the file is missing, unreadable, not ONNX, or not the signature
 * iqmon expects. The message names the file and says what is wrong.
 */
public class ModelLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
