package dev.iqmon.stream;

import dev.iqmon.roi.DroppedRegion;
import dev.iqmon.roi.RoiRequest;
import java.net.URI;
import java.util.List;

/**
 * A validated image event: who sent it, where its bytes are (inline or by reference), and the
 * regions it names, with the ones that were malformed already set aside.
 */
record ImageRequest(
    String feedId,
    String imageId,
    long captureTime,
    String declaredContentType,
    byte[] inlineBytes,
    URI uri,
    List<RoiRequest> rois,
    List<DroppedRegion> malformedRois) {

  ImageRequest {
    rois = List.copyOf(rois);
    malformedRois = List.copyOf(malformedRois);
  }
}
