package dev.sluice.pipeline.store;

import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes rows in PostgreSQL's binary {@code COPY} format ({@code COPY t (cols) FROM STDIN WITH (FORMAT binary)}):
 * a signature, then per row a field count and each field as a length-prefixed value in the type's binary send
 * format, then a trailer. See <a href="https://www.postgresql.org/docs/current/sql-copy.html">COPY, binary
 * format</a>. Binary rows skip the server's text parsing, which was most of what a batch cost.
 *
 * <p>Rows are written into a growable heap array on the thread that builds the batch (the consumer's, not an
 * event loop); {@link #finish()} returns the bytes, which the store wraps for the driver as many times as it sends
 * them. A plain array keeps each small write a bounds check and a store, where a pooled buffer added reference
 * count and accessibility checks to every one.
 */
final class PgBinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final int INT8_OID = 20;
    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    private static final BigInteger NBASE = BigInteger.valueOf(10_000);

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int size;

    PgBinaryCopy(int expectedBytes) {
        this.buf = new byte[Math.max(expectedBytes, 64)];
        writeBytes(SIGNATURE);
        writeInt(0); // flags: no OIDs
        writeInt(0); // header extension length
    }

    PgBinaryCopy row(int fields) {
        writeShort(fields);
        return this;
    }

    PgBinaryCopy nullValue() {
        writeInt(-1);
        return this;
    }

    PgBinaryCopy text(@Nullable String value) {
        if (value == null) {
            return nullValue();
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        writeBytes(utf8);
        return this;
    }

    PgBinaryCopy uuid(UUID value) {
        writeInt(16);
        writeLong(value.getMostSignificantBits());
        writeLong(value.getLeastSignificantBits());
        return this;
    }

    PgBinaryCopy bool(boolean value) {
        writeInt(1);
        writeByte(value ? 1 : 0);
        return this;
    }

    PgBinaryCopy int4(int value) {
        writeInt(4);
        writeInt(value);
        return this;
    }

    PgBinaryCopy int8(long value) {
        writeInt(8);
        writeLong(value);
        return this;
    }

    PgBinaryCopy int8(@Nullable Long value) {
        return value == null ? nullValue() : int8(value.longValue());
    }

    /** A {@code timestamptz}, rounded to the microsecond as PostgreSQL rounds a text timestamp. */
    PgBinaryCopy timestamptz(@Nullable Instant value) {
        if (value == null) {
            return nullValue();
        }
        writeInt(8);
        writeLong(micros(value) - PG_EPOCH_MICROS);
        return this;
    }

    /** A {@code jsonb} from JSON text (binary jsonb is a version byte, 1, then the text). */
    PgBinaryCopy jsonb(byte[] json) {
        writeInt(json.length + 1);
        writeByte(1);
        writeBytes(json);
        return this;
    }

    /** A one-dimensional {@code bigint[]} without nulls. */
    PgBinaryCopy int8Array(long[] values) {
        writeInt(20 + values.length * 12);
        writeInt(1); // dimensions
        writeInt(0); // has-nulls flag
        writeInt(INT8_OID); // element type
        writeInt(values.length); // length of the dimension
        writeInt(1); // its lower bound
        for (long value : values) {
            writeInt(8);
            writeLong(value);
        }
        return this;
    }

    /**
     * A {@code numeric}: sign, display scale, and the magnitude as base-10000 digits with the weight (power of
     * 10000) of the first one, trailing and leading zero digits stripped, as {@code numeric_send} writes it.
     */
    PgBinaryCopy numeric(BigDecimal value) {
        int scale = Math.max(value.scale(), 0);
        // Shift so the decimal point falls on a base-10000 digit boundary: 4 * ceil(scale / 4) fractional decimals.
        int alignedScale = (scale + 3) / 4 * 4;
        BigInteger magnitude = value.abs().setScale(alignedScale).unscaledValue();
        short sign = value.signum() < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE;
        short[] digits = new short[magnitude.bitLength() / 13 + 2]; // 10000 > 2^13: enough room
        int count = 0;
        if (magnitude.bitLength() < 63) { // the usual cost: long arithmetic, no BigInteger division
            for (long rest = magnitude.longValue(); rest > 0; rest /= 10_000) {
                digits[count++] = (short) (rest % 10_000); // least significant first
            }
        } else {
            while (magnitude.signum() > 0) {
                BigInteger[] qr = magnitude.divideAndRemainder(NBASE);
                digits[count++] = qr[1].shortValue();
                magnitude = qr[0];
            }
        }
        if (count == 0) {
            writeNumericHeader(0, 0, NUMERIC_POSITIVE, scale);
            return this;
        }
        int weight = count - 1 - alignedScale / 4;
        int low = 0;
        while (digits[low] == 0) { // trailing zero digits carry no information
            low++;
        }
        int ndigits = count - low;
        writeNumericHeader(ndigits, weight, sign, scale);
        for (int i = count - 1; i >= low; i--) {
            writeShort(digits[i]);
        }
        return this;
    }

    /** Ends the rows; the writer must not be used after. */
    byte[] finish() {
        writeShort(-1);
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    private void writeNumericHeader(int ndigits, int weight, short sign, int scale) {
        writeInt(8 + ndigits * 2);
        writeShort(ndigits);
        writeShort(weight);
        writeShort(sign);
        writeShort(scale);
    }

    private void ensure(int bytes) {
        if (size + bytes > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + bytes));
        }
    }

    private void writeByte(int value) {
        ensure(1);
        buf[size++] = (byte) value;
    }

    private void writeShort(int value) {
        ensure(2);
        SHORT.set(buf, size, (short) value);
        size += 2;
    }

    private void writeInt(int value) {
        ensure(4);
        INT.set(buf, size, value);
        size += 4;
    }

    private void writeLong(long value) {
        ensure(8);
        LONG.set(buf, size, value);
        size += 8;
    }

    private void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    static long micros(Instant value) {
        long micros = Math.multiplyExact(value.getEpochSecond(), 1_000_000L);
        return micros + (value.getNano() + 500) / 1000;
    }
}
