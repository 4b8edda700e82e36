package io.mlin.engine.iso;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal x86-64 UEFI application, assembled here so a boot test needs no payload from another
 * package: it prints {@link #MARKER} through the firmware console, then asks the firmware to power
 * off (so QEMU exits by itself). The code is position-independent (RIP-relative), so the image
 * needs no relocations.
 */
final class TinyEfiApp {
    static final String MARKER = "MLIN-ISO-BOOT-OK";

    private static final int FILE_ALIGNMENT = 0x200;
    private static final int SECTION_RVA = 0x1000;
    private static final int MESSAGE_OFFSET = 48;

    private TinyEfiApp() {
    }

    /** x86-64 code, Microsoft ABI: efi_main(ImageHandle in RCX, SystemTable in RDX). */
    private static byte[] code() {
        int leaNextIp = 18;
        int disp = MESSAGE_OFFSET - leaNextIp;
        byte[] code = {
            0x48, (byte) 0x83, (byte) 0xEC, 0x28, // sub rsp, 40: shadow space, 16-byte alignment
            0x48, (byte) 0x89, (byte) 0xD3, // mov rbx, rdx: keep the system table
            0x48, (byte) 0x8B, 0x4A, 0x40, // mov rcx, [rdx+64]: SystemTable->ConOut
            0x48, (byte) 0x8D, 0x15, (byte) disp, 0, 0, 0, // lea rdx, [rip+message]
            (byte) 0xFF, 0x51, 0x08, // call [rcx+8]: ConOut->OutputString(ConOut, message)
            0x48, (byte) 0x8B, 0x43, 0x58, // mov rax, [rbx+88]: SystemTable->RuntimeServices
            (byte) 0xB9, 0x02, 0, 0, 0, // mov ecx, 2: EfiResetShutdown
            0x31, (byte) 0xD2, // xor edx, edx: EFI_SUCCESS
            0x45, 0x31, (byte) 0xC0, // xor r8d, r8d: no data
            0x45, 0x31, (byte) 0xC9, // xor r9d, r9d
            (byte) 0xFF, 0x50, 0x68, // call [rax+104]: RuntimeServices->ResetSystem
            (byte) 0xEB, (byte) 0xFE, // jmp $: never reached
        };
        byte[] message = ("\r\n" + MARKER + "\r\n\0").getBytes(StandardCharsets.UTF_16LE);
        byte[] all = new byte[MESSAGE_OFFSET + message.length];
        java.util.Arrays.fill(all, (byte) 0xCC);
        System.arraycopy(code, 0, all, 0, code.length);
        System.arraycopy(message, 0, all, MESSAGE_OFFSET, message.length);
        return all;
    }

    /** The PE32+ file: DOS stub header, COFF header, optional header, one .text section. */
    static byte[] image() {
        byte[] text = code();
        int rawSize = align(text.length, FILE_ALIGNMENT);
        ByteBuffer b = ByteBuffer.allocate(FILE_ALIGNMENT + rawSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 'M').put(1, (byte) 'Z');
        int pe = 0x40;
        b.putInt(0x3C, pe);
        b.position(pe);
        b.put(new byte[] {'P', 'E', 0, 0});
        b.putShort((short) 0x8664); // machine: x86-64
        b.putShort((short) 1); // sections
        b.putInt(0); // time stamp
        b.putInt(0); // symbol table
        b.putInt(0); // symbols
        b.putShort((short) 240); // optional header size (PE32+, 16 data directories)
        b.putShort((short) 0x0022); // executable, large-address aware; relocations not stripped (there are none)
        int optional = b.position();
        b.putShort((short) 0x20B); // PE32+
        b.put((byte) 0).put((byte) 0); // linker version
        b.putInt(rawSize); // size of code
        b.putInt(0).putInt(0); // initialized, uninitialized data
        b.putInt(SECTION_RVA); // entry point
        b.putInt(SECTION_RVA); // base of code
        b.putLong(0x1000_0000L); // preferred image base
        b.putInt(0x1000); // section alignment
        b.putInt(FILE_ALIGNMENT);
        b.putShort((short) 0).putShort((short) 0); // OS version
        b.putShort((short) 0).putShort((short) 0); // image version
        b.putShort((short) 0).putShort((short) 0); // subsystem version
        b.putInt(0); // Win32 version
        b.putInt(SECTION_RVA + align(text.length, 0x1000)); // size of image
        b.putInt(FILE_ALIGNMENT); // size of headers
        b.putInt(0); // checksum
        b.putShort((short) 10); // subsystem: EFI application
        b.putShort((short) 0); // DLL characteristics
        b.putLong(0x10000).putLong(0x10000).putLong(0).putLong(0); // stack and heap reserve/commit
        b.putInt(0); // loader flags
        b.putInt(16); // data directories, all empty
        b.position(optional + 240);
        b.put(new byte[] {'.', 't', 'e', 'x', 't', 0, 0, 0});
        b.putInt(text.length); // virtual size
        b.putInt(SECTION_RVA);
        b.putInt(rawSize);
        b.putInt(FILE_ALIGNMENT); // file offset of the raw data
        b.putInt(0).putInt(0).putShort((short) 0).putShort((short) 0); // relocations, line numbers
        b.putInt(0x60000020); // code, execute, read
        b.put(FILE_ALIGNMENT, text);
        return b.array();
    }

    private static int align(int value, int unit) {
        return (value + unit - 1) / unit * unit;
    }
}
