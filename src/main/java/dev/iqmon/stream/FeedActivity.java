package dev.iqmon.stream;

/**
 * The latest image of a feed: when it arrived (wall clock at the service), when it was captured,
 * its id, its content fingerprint, and how many images in a row have had that content.
 */
record FeedActivity(
    long arrivedAt, long capturedAt, String imageId, String contentHash, int sameContentRun) {}
