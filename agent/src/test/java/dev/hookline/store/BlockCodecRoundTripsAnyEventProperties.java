package dev.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hookline.schema.Column;
import dev.hookline.schema.Event;
import dev.hookline.schema.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The block codec keeps any value of any column exactly, and damaged bytes are a checked error, never a crash. */
class BlockCodecRoundTripsAnyEventProperties {
    @Provide
    Arbitrary<List<Object[]>> rows() {
        Arbitrary<String> strings = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.of("bash", "", "C:\\Windows\\cmd.exe"), Arbitraries.just(null));
        Arbitrary<Long> longs = Arbitraries.oneOf(Arbitraries.longs().filter(v -> v != Event.NULL),
                Arbitraries.of(0L, -1L, Long.MAX_VALUE, Event.NULL));
        Arbitrary<Object[]> row = Combinators.combine(Arbitraries.of(Table.values()), strings.list().ofSize(70),
                longs.list().ofSize(70)).as((t, s, l) -> new Object[] {t, s, l});
        return row.list().ofMinSize(1).ofMaxSize(30);
    }

    @SuppressWarnings("unchecked")
    private static Event event(Object[] row) {
        Table t = (Table) row[0];
        List<String> s = (List<String>) row[1];
        List<Long> l = (List<Long>) row[2];
        Event e = new Event(t);
        int i = 0;
        for (Column c : t.columns()) {
            if (c.type().numeric()) {
                long v = l.get(i);
                if (v != Event.NULL) {
                    e.set(c, c.type() == dev.hookline.schema.ColumnType.BOOL ? v & 1 : v);
                }
            } else {
                e.set(c, s.get(i));
            }
            i++;
        }
        return e;
    }

    @Property(tries = 300)
    void everyEventOfABlockDecodesToTheSameValues(@ForAll("rows") List<Object[]> rows) throws Exception {
        Table table = (Table) rows.get(0)[0];
        BlockEncoder enc = new BlockEncoder();
        enc.reset(table);
        List<Event> in = new ArrayList<>();
        long seq = 1000;
        for (Object[] r : rows) {
            r[0] = table;
            Event e = event(r);
            in.add(e);
            enc.add(e, seq, 0);
            seq += 1 + (r.length % 3);
        }
        List<List<Object>> out = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        new BlockDecoder().decode(Arrays.copyOf(enc.bytes(), enc.length()), enc.length(), table, enc.count(),
                enc.minSeq(), (e, s) -> {
                    out.add(StoreEvents.values(e));
                    seqs.add(s);
                    return true;
                });
        assertEquals(in.stream().map(StoreEvents::values).toList(), out);
        assertEquals(enc.maxSeq(), seqs.get(seqs.size() - 1));
    }

    @Property(tries = 300)
    void truncatedOrFlippedBytesAreACorruptBlockOrDecodeButNeverThrowAnythingElse(@ForAll("rows") List<Object[]> rows,
            @ForAll int cut, @ForAll int flip) {
        Table table = (Table) rows.get(0)[0];
        BlockEncoder enc = new BlockEncoder();
        enc.reset(table);
        for (Object[] r : rows) {
            r[0] = table;
            enc.add(event(r), 0, 0);
        }
        byte[] b = Arrays.copyOf(enc.bytes(), enc.length());
        int len = Math.floorMod(cut, b.length);
        b[Math.floorMod(flip, b.length)] ^= (byte) (1 << Math.floorMod(flip, 8));
        assertThrows(BlockDecoder.CorruptBlockException.class, () -> {
            new BlockDecoder().decode(b, len, table, enc.count(), 0, (e, s) -> true);
            throw new BlockDecoder.CorruptBlockException("decoded: fine too");
        });
    }
}
