package io.mlin.engine.cpio;

/**
 * What an initramfs write produced.
 *
 * @param entries headers written, each hard-link name counted, the trailer not counted
 * @param files {@code file} lines written (one per data payload, however many names it has)
 * @param dataBytes bytes of file data, without padding
 * @param archiveBytes the archive's total size, a multiple of 512
 */
public record CpioSummary(int entries, int files, long dataBytes, long archiveBytes) {
}
