package io.mlin.engine.iso;

/**
 * What {@link IsoWriter#write} produced.
 *
 * @param isoBytes size of the ISO file
 * @param bootImageBytes size of the FAT boot image ({@code BOOT.IMG;1}) inside it
 * @param fatType {@code FAT12} or {@code FAT16}, by cluster count as UEFI firmware classifies it
 * @param elToritoSectorCount the boot catalog's 512-byte sector count, 0 when the image is too big
 *     for 16 bits (firmware then uses the rest of the volume)
 * @param sha256 lower-case hex SHA-256 of the ISO file
 */
public record IsoSummary(long isoBytes, long bootImageBytes, String fatType, int elToritoSectorCount, String sha256) {
}
