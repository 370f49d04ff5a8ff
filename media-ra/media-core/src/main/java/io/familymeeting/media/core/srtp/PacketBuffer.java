package io.familymeeting.media.core.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable, mutable (array, offset, length) view handed to jitsi-srtp so that it works in
 * place on the caller's buffer. The capacity is the end of the array: jitsi-srtp appends tags
 * there. It never reallocates: {@link #grow(int)} fails if the caller left too little room,
 * which {@link SrtpSession} checks up front. Not thread-safe; one instance per direction.
 */
final class PacketBuffer implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    void wrap(byte[] buf, int off, int len) {
        this.buffer = buf;
        this.offset = off;
        this.length = len;
    }

    /** Drops the reference to the caller's array once a call is done. */
    void clear() {
        this.buffer = null;
        this.offset = 0;
        this.length = 0;
    }

    int spareCapacity() {
        return buffer.length - offset - length;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        if (len < 0 || offset + len > buffer.length) {
            throw new IllegalArgumentException("length out of range: " + len);
        }
        this.length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off > buffer.length) {
            throw new IllegalArgumentException("offset out of range: " + off);
        }
        this.offset = off;
    }

    @Override
    public boolean isInvalid() {
        return buffer == null;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        if (off < 0 || len < 0 || off + len > length) {
            throw new IllegalArgumentException("region out of range");
        }
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("negative growth");
        }
        if (spareCapacity() < howMuch) {
            throw new IllegalStateException("packet buffer has " + spareCapacity()
                    + " spare bytes, needs " + howMuch);
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len <= 0) {
            return;
        }
        length = Math.max(0, length - len);
    }
}
