package dev.iqmon.app;

public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("iqmon");
  }
}
