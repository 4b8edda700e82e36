package io.mlin.engine.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoOptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "lower", "WITH-DASH", "WITH SPACE", "ÄRGER", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"})
    void invalidVolumeIdsAreRejectedWithTheRule(String id) {
        MlinException e = assertThrows(MlinException.class, () -> new IsoOptions(id, 0));
        assertTrue(e.getMessage().contains("'" + id + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("A-Z, 0-9 and _"), e.getMessage());
    }

    @Test
    void nullVolumeIdIsRejected() {
        assertThrows(MlinException.class, () -> new IsoOptions(null, 0));
    }

    @Test
    void validVolumeIds() {
        assertEquals("CDROM", new IsoOptions("CDROM", 0).volumeId());
        assertEquals(32, new IsoOptions("ABCDEFGHIJKLMNOPQRSTUVWXYZ_01234", 0).volumeId().length());
    }

    @Test
    void epochOutsideWhatIsoDatesHoldIsRejected() {
        assertThrows(MlinException.class, () -> new IsoOptions("X", -1));
        assertThrows(MlinException.class, () -> new IsoOptions("X", IsoOptions.MAX_EPOCH + 1));
        assertEquals(IsoOptions.MAX_EPOCH, new IsoOptions("X", IsoOptions.MAX_EPOCH).epoch());
        // the limit is the last second of 2155, the last year a directory record holds
        assertEquals("2155-12-31T23:59:59Z", java.time.Instant.ofEpochSecond(IsoOptions.MAX_EPOCH).toString());
    }

    @Test
    void volumeIdFromFileName() {
        assertEquals("MY_VM", IsoOptions.volumeIdFromFileName("my-vm.iso"));
        assertEquals("WEB_SERVER_2", IsoOptions.volumeIdFromFileName("web server 2.ISO"));
        assertEquals("NOEXT", IsoOptions.volumeIdFromFileName("noext"));
        assertEquals("A_B", IsoOptions.volumeIdFromFileName("a.b.iso"));
        assertEquals("X".repeat(32), IsoOptions.volumeIdFromFileName("x".repeat(40) + ".iso"));
        assertEquals("_ISO", IsoOptions.volumeIdFromFileName(".iso"));
        // whatever the name, the result is a valid id
        new IsoOptions(IsoOptions.volumeIdFromFileName("ümlaut-ß.iso"), 0);
    }

    @Test
    void sourceDateEpoch() {
        assertEquals(0, IsoOptions.epochFromEnvironment(null));
        assertEquals(0, IsoOptions.epochFromEnvironment(""));
        assertEquals(1_700_000_000L, IsoOptions.epochFromEnvironment("1700000000"));
        MlinException e = assertThrows(MlinException.class, () -> IsoOptions.epochFromEnvironment("yesterday"));
        assertTrue(e.getMessage().contains("SOURCE_DATE_EPOCH"), e.getMessage());
        MlinException negative = assertThrows(MlinException.class, () -> IsoOptions.epochFromEnvironment("-1"));
        assertTrue(negative.getMessage().contains("SOURCE_DATE_EPOCH '-1'"), negative.getMessage());
        String env = System.getenv("SOURCE_DATE_EPOCH");
        assertEquals(env == null || env.isBlank() ? 0 : Long.parseLong(env.trim()), IsoOptions.defaults("X").epoch());
    }
}
