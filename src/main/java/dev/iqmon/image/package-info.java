/** Getting images in: fetching claim-checked references, decoding with limits, pixel access. */
package dev.iqmon.image;
