/**
 * Region quality: levels, scores, distortion types and the models that produce them. Plain Java.
 */
package dev.iqmon.quality;
