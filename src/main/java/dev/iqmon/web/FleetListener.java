package dev.iqmon.web;

/** Told by the {@link FleetStore} what changed, after the change, outside its lock. */
public interface FleetListener {

  /** The feed's image, thumbnail, trends or firing alerts changed. */
  void feedChanged(String feed);

  /** An alert fired or resolved. */
  void alertChanged(FleetViews.Alert alert);
}
