package io.github.panamasockets.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Java text to C text and back, in one place. C text is UTF-8 bytes ending at the first NUL. Two things would
 * make C see text other than the caller's — another file, another host — without a word: a NUL, where C would cut
 * the text; and a character UTF-8 cannot encode (an unpaired surrogate, such as U+DCFF alone), which Java's
 * encoder silently replaces with {@code '?'}. Both are refused with {@link IllegalArgumentException} naming the
 * call and the index of the character.
 */
public final class CText {
    private CText() {}

    /**
     * The UTF-8 bytes of text that goes to C as a string, without the terminating NUL.
     *
     * @param call the call or field the text is for, such as {@code "sun_path"}: the message starts with it
     * @param what what the text is, with its article, such as {@code "the path"}
     * @param text the text
     * @return its bytes, exactly
     * @throws IllegalArgumentException for a NUL character or an unpaired surrogate
     */
    public static byte[] utf8(String call, String what, String text) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException(call + ": " + what + " contains a NUL character at index " + nul
                    + ", where C would end it: " + quote(text));
        }
        return utf8AllowingNul(call, what, text);
    }

    /**
     * The UTF-8 bytes of text that goes to C with its length, where a NUL is an ordinary byte (a Linux abstract
     * socket name).
     *
     * @param call the call or field the text is for
     * @param what what the text is
     * @param text the text
     * @return its bytes, exactly
     * @throws IllegalArgumentException for an unpaired surrogate
     */
    public static byte[] utf8AllowingNul(String call, String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one code point, which UTF-8 encodes in four bytes
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(call + ": " + what + " has an unpaired surrogate "
                        + String.format("U+%04X", (int) c) + " at index " + i
                        + ", which UTF-8 cannot encode (Java would send '?' instead): " + quote(text));
            }
        }
        // Exact now: with no unpaired surrogate, the encoder replaces nothing.
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A C string: the text's UTF-8 bytes and a terminating NUL.
     *
     * @param call the call the text is for
     * @param what what the text is
     * @param text the text
     * @param allocator where the memory comes from
     * @return the string, {@code bytes + 1} long
     * @throws IllegalArgumentException as {@link #utf8}
     */
    public static MemorySegment allocate(String call, String what, String text, SegmentAllocator allocator) {
        byte[] bytes = utf8(call, what, text);
        MemorySegment s = allocator.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
        s.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
        return s;
    }

    /**
     * The text of a path, refused when it is not the path: a {@link Path} listed from a directory keeps the
     * name's bytes, and its {@code toString} replaces the bytes that are not valid in the file system's encoding
     * with U+FFFD, which would name another file.
     *
     * @param call the call the path is for
     * @param path the path
     * @return its text, which names exactly the same file
     * @throws IllegalArgumentException when the text differs from the path's name
     */
    public static String pathText(String call, Path path) {
        String text = path.toString();
        boolean same;
        try {
            // Paths of the default file system compare by their bytes.
            same = path.getFileSystem().getPath(text).equals(path);
        } catch (InvalidPathException e) {
            same = false;
        }
        if (!same) {
            throw new IllegalArgumentException(call + ": the path " + quote(text) + " names a file whose name is not"
                    + " valid text (Java shows the bytes it cannot read as U+FFFD); give its bytes instead");
        }
        return text;
    }

    /**
     * Text from C: the bytes decoded as UTF-8, or {@code null} when they are not valid UTF-8 (decoding them would
     * replace bytes, and the text would name something else).
     *
     * @param bytes the bytes
     * @return the text, or {@code null}
     */
    public static String decodeOrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * C bytes for people to read: UTF-8 shown as text, every byte that is not valid UTF-8 and every control
     * character as {@code \xNN}, a backslash doubled, so that different bytes never look the same.
     *
     * @param bytes the bytes
     * @return the display form
     */
    public static String display(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer chars = CharBuffer.allocate(64);
        for (;;) {
            chars.clear();
            CoderResult result = decoder.decode(in, chars, true);
            chars.flip();
            while (chars.hasRemaining()) {
                appendShown(out, chars.get());
            }
            if (result.isError()) {
                // The decoder stops at the first byte of a malformed sequence and says how long it is.
                for (int k = 0; k < result.length(); k++) {
                    out.append(String.format("\\x%02x", in.get() & 0xff));
                }
            } else if (result.isUnderflow()) {
                break; // everything read (a sequence cut off at the end is reported as malformed)
            }
        }
        return out.toString();
    }

    /**
     * Java text quoted for a message: control characters as {@code \xNN} and unpaired surrogates as
     * {@code \\uXXXX}, so that the message shows exactly what was given.
     *
     * @param text the text
     * @return it, quoted
     */
    public static String quote(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else if (Character.isSurrogate(c) && !paired) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void appendShown(StringBuilder out, char c) {
        if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
        } else if (c == '\\') {
            out.append("\\\\");
        } else {
            out.append(c);
        }
    }
}
