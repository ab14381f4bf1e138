package io.sightline.storage.rocksdb;

import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.SearchableTags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Gathers the {@link IndexKeys} entries of one write batch's spans and adds them to the batch
 * in {@link #finish}: per partition, the list of the batch's traces and one posting per head
 * and time slot (for span tags, one per tag key, holding every value: {@link TagColumns}), with
 * one item per trace that has the head, however many of its spans do. Sources are looked up by
 * identity (a batch's spans mostly share their resource instance), then by content
 * ({@link SourceIndexes}); their {@code 'd'} entries are put only into partitions not known to
 * hold them. One instance per batch; not
 * thread-safe.
 */
final class SpanIndexer {
    private final WriteBatch batch;
    private final long batchNumber;
    private final EncodedHeads encodedHeads;
    private final SourceIndexes sourceIndexes;
    private final Map<ColumnFamilyHandle, PartitionIndex> partitions = new IdentityHashMap<>(2);
    private final Map<Resource, Map<InstrumentationScope, SourceIndexes.Fingerprint>> sources = new IdentityHashMap<>();
    /** The sources whose {@code 'd'} entries this batch put, per partition. */
    private final Map<Partition, java.util.Set<StoredSources.Id>> tagsPut = new IdentityHashMap<>(2);

    /** @param batchNumber a number no other batch of the store had (see {@link IndexKeys}) */
    SpanIndexer(WriteBatch batch, long batchNumber, EncodedHeads encodedHeads, SourceIndexes sourceIndexes) {
        this.batch = batch;
        this.batchNumber = batchNumber;
        this.encodedHeads = encodedHeads;
        this.sourceIndexes = sourceIndexes;
    }

    /** @param sourceId the span's source as stored ({@link StoredSources}) */
    void add(Partition partition, Span span, StoredSources.Id sourceId) throws RocksDBException {
        PartitionIndex index = partitions.computeIfAbsent(partition.handle(), PartitionIndex::new);
        int position = index.position(span.traceId());
        String service = span.serviceName();
        long startMicros = span.startEpochMicros();
        long durationMicros = span.durationMicros();
        index.addService(service, position, startMicros, durationMicros);
        index.addOperation(service, span.name(), position, startMicros, durationMicros);
        SourceIndexes.Fingerprint source = source(span);
        if (!source.tagKeys().isEmpty()) {
            putTagsOnce(partition, sourceId, source);
            index.addSource(service, source, position, startMicros, durationMicros);
        }
        tags.start(index.columnsOf(service), position, startMicros, durationMicros);
        SearchableTags.forEachOfSpanItself(span, tags);
    }

    private final SpanTags tags = new SpanTags();

    /** Takes one span's tags into its service's columns; reused span after span (no capture per span). */
    private static final class SpanTags implements java.util.function.BiConsumer<String, String> {
        private Map<String, TagColumn> columns;
        private int position;
        private long startMicros;
        private long durationMicros;

        void start(Map<String, TagColumn> columns, int position, long startMicros, long durationMicros) {
            this.columns = columns;
            this.position = position;
            this.startMicros = startMicros;
            this.durationMicros = durationMicros;
        }

        @Override
        public void accept(String key, String value) {
            if (IndexKeys.indexable(key, value)) {
                TagColumn column = columns.get(key);
                if (column == null) {
                    column = new TagColumn();
                    columns.put(key, column);
                }
                column.add(value, position, startMicros, durationMicros);
            }
        }
    }

    /** Adds the gathered trace lists and postings to the batch. */
    void finish() throws RocksDBException {
        for (PartitionIndex index : partitions.values()) {
            index.writeTo(batch, batchNumber, encodedHeads);
        }
    }

    /** Call once the batch is durable: its partitions hold its {@code 'd'} entries from now on. */
    void committed() {
        tagsPut.forEach((partition, ids) -> ids.forEach(partition::sourceTagsStored));
    }

    /** The source's {@code 'd'} entries, unless the partition holds them or this batch put them already. */
    private void putTagsOnce(Partition partition, StoredSources.Id sourceId, SourceIndexes.Fingerprint source)
            throws RocksDBException {
        if (partition.holdsSourceTags(sourceId)) {
            return;
        }
        if (!tagsPut.computeIfAbsent(partition, p -> new java.util.HashSet<>()).add(sourceId)) {
            return;
        }
        for (byte[] key : source.tagKeys()) {
            batch.put(partition.handle(), key, EMPTY);
        }
    }

    private SourceIndexes.Fingerprint source(Span span) {
        Map<InstrumentationScope, SourceIndexes.Fingerprint> byScope =
                sources.computeIfAbsent(span.resource(), r -> new IdentityHashMap<>(2));
        SourceIndexes.Fingerprint source = byScope.get(span.scope());
        if (source == null) {
            source = sourceIndexes.of(span.serviceName(), span.resource(), span.scope());
            byScope.put(span.scope(), source);
        }
        return source;
    }

    private static final byte[] EMPTY = new byte[0];

    /** A head before it is encoded: {@code first} is the operation or the tag key, {@code source} the fingerprint. */
    record HeadKey(char kind, String service, String first, long source) {
        byte[] encode() {
            return switch (kind) {
                case 's' -> IndexKeys.serviceHead(service);
                case 'o' -> IndexKeys.operationHead(service, first);
                case 'r' -> IndexKeys.sourceHead(service, source);
                default -> IndexKeys.tagColumnHead(service, first);
            };
        }
    }

    /** One partition's part of the batch: its traces, numbered in order of arrival, and each head's items. */
    private static final class PartitionIndex {
        final ColumnFamilyHandle handle;
        final Map<TraceId, Integer> positions = new LinkedHashMap<>();
        final Map<HeadKey, HeadItems> heads = new HashMap<>();
        /** Per service and tag key, each value's items. */
        final Map<String, Map<String, TagColumn>> columns = new HashMap<>();
        /** The service met last and its columns: a batch's spans mostly come service by service. */
        String lastService;
        Map<String, TagColumn> lastColumns;
        /** The trace met last, and its position: a batch's spans mostly come trace by trace. */
        TraceId lastTrace;
        int lastPosition;

        PartitionIndex(ColumnFamilyHandle handle) {
            this.handle = handle;
        }

        int position(TraceId traceId) {
            if (traceId.equals(lastTrace)) {
                return lastPosition;
            }
            Integer position = positions.get(traceId);
            if (position == null) {
                position = positions.size();
                positions.put(traceId, position);
            }
            lastTrace = traceId;
            lastPosition = position;
            return position;
        }

        /** The heads met last, by the identity of their strings: spans mostly come service by service. */
        private String serviceOfLast;
        private HeadItems serviceItems;
        private String operationService;
        private String operationName;
        private HeadItems operationItems;

        void addService(String service, int position, long startMicros, long durationMicros) {
            if (service != serviceOfLast) {
                serviceItems = heads.computeIfAbsent(new HeadKey('s', service, null, 0), h -> new HeadItems());
                serviceOfLast = service;
            }
            serviceItems.add(Postings.slot(startMicros), position).add(startMicros, durationMicros);
        }

        void addOperation(String service, String name, int position, long startMicros, long durationMicros) {
            if (service != operationService || name != operationName) {
                operationItems = heads.computeIfAbsent(new HeadKey('o', service, name, 0), h -> new HeadItems());
                operationService = service;
                operationName = name;
            }
            operationItems.add(Postings.slot(startMicros), position).add(startMicros, durationMicros);
        }

        private SourceIndexes.Fingerprint sourceOfLast;
        private HeadItems sourceItems;

        void addSource(String service, SourceIndexes.Fingerprint source, int position, long startMicros,
                       long durationMicros) {
            if (source != sourceOfLast) {
                sourceItems = heads.computeIfAbsent(new HeadKey('r', service, null, source.hash()),
                        h -> new HeadItems());
                sourceOfLast = source;
            }
            sourceItems.add(Postings.slot(startMicros), position).add(startMicros, durationMicros);
        }

        Map<String, TagColumn> columnsOf(String service) {
            if (service != lastService) {
                lastColumns = columns.computeIfAbsent(service, s -> new HashMap<>(32));
                lastService = service;
            }
            return lastColumns;
        }

        void writeTo(WriteBatch batch, long batchNumber, EncodedHeads encodedHeads) throws RocksDBException {
            batch.put(handle, IndexKeys.tracesKey(batchNumber), IndexKeys.tracesValue(new ArrayList<>(positions.keySet())));
            for (Map.Entry<HeadKey, HeadItems> head : heads.entrySet()) {
                byte[] encodedHead = encodedHeads.of(head.getKey());
                HeadItems items = head.getValue();
                if (items.all == null) {
                    batch.put(handle, IndexKeys.posting(encodedHead, items.lastSlot, batchNumber),
                            Postings.encodeOne(items.lastSlot, items.last));
                    continue;
                }
                if (!items.severalSlots) {
                    batch.put(handle, IndexKeys.posting(encodedHead, items.lastSlot, batchNumber),
                            Postings.encode(items.lastSlot, items.all.values()));
                    continue;
                }
                for (Map.Entry<Long, List<Postings.Accumulator>> slot : items.bySlot().entrySet()) {
                    batch.put(handle, IndexKeys.posting(encodedHead, slot.getKey(), batchNumber),
                            Postings.encode(slot.getKey(), slot.getValue()));
                }
            }
            for (Map.Entry<String, Map<String, TagColumn>> service : columns.entrySet()) {
                for (Map.Entry<String, TagColumn> column : service.getValue().entrySet()) {
                    byte[] head = encodedHeads.of(new HeadKey('k', service.getKey(), column.getKey(), 0));
                    column.getValue().writeTo(batch, handle, head, batchNumber);
                }
            }
        }
    }

    /**
     * One head's items in a batch, by slot and trace position. Most heads have one item (a tag
     * of one trace) or get the same one again and again (a trace's spans in a row), so the last
     * item is kept at hand and the map is only made for the second.
     */
    private static final class HeadItems {
        private long lastSlot;
        private Postings.Accumulator last;
        private Map<SlotPosition, Postings.Accumulator> all;
        private boolean severalSlots;

        Postings.Accumulator add(long slot, int position) {
            if (last != null && last.position == position && lastSlot == slot) {
                return last;
            }
            if (last == null) {
                last = new Postings.Accumulator(position);
                lastSlot = slot;
                return last;
            }
            if (all == null) {
                // Insertion order: items then come in position order and need no sort.
                all = new LinkedHashMap<>(8);
                all.put(new SlotPosition(lastSlot, last.position), last);
            }
            severalSlots |= slot != lastSlot;
            last = all.computeIfAbsent(new SlotPosition(slot, position), k -> new Postings.Accumulator(k.position()));
            lastSlot = slot;
            return last;
        }

        /** Adds this head's items to a column: for a head known to be in one slot. */
        void addTo(TagColumns.Writer column, String value) {
            if (all == null) {
                column.add(value, last);
            } else {
                column.add(value, all.values());
            }
        }

        Map<Long, List<Postings.Accumulator>> bySlot() {
            if (all == null) {
                return Map.of(lastSlot, List.of(last));
            }
            Map<Long, List<Postings.Accumulator>> out = new HashMap<>(2);
            for (Map.Entry<SlotPosition, Postings.Accumulator> item : all.entrySet()) {
                out.computeIfAbsent(item.getKey().slot(), slot -> new ArrayList<>()).add(item.getValue());
            }
            return out;
        }
    }

    private record SlotPosition(long slot, int position) {}

    /**
     * One tag key's values in one partition of a batch, each with its items. A batch's spans
     * mostly started within one slot, so a column is written straight from its values unless
     * they span several.
     */
    private static final class TagColumn {
        private final Map<String, HeadItems> values = new HashMap<>();
        private long firstSlot;
        private boolean severalSlots;

        void add(String value, int position, long startMicros, long durationMicros) {
            long slot = Postings.slot(startMicros);
            if (values.isEmpty()) {
                firstSlot = slot;
            } else if (slot != firstSlot) {
                severalSlots = true;
            }
            values.computeIfAbsent(value, v -> new HeadItems()).add(slot, position).add(startMicros, durationMicros);
        }

        void writeTo(WriteBatch batch, ColumnFamilyHandle handle, byte[] head, long batchNumber) throws RocksDBException {
            if (!severalSlots) {
                TagColumns.Writer column = new TagColumns.Writer(firstSlot, values.size());
                for (Map.Entry<String, HeadItems> value : values.entrySet()) {
                    value.getValue().addTo(column, value.getKey());
                }
                batch.put(handle, IndexKeys.posting(head, firstSlot, batchNumber), column.finish());
                return;
            }
            // Slot first: a posting holds one slot's values.
            Map<Long, TagColumns.Writer> bySlot = new HashMap<>(4);
            for (Map.Entry<String, HeadItems> value : values.entrySet()) {
                for (Map.Entry<Long, List<Postings.Accumulator>> slot : value.getValue().bySlot().entrySet()) {
                    bySlot.computeIfAbsent(slot.getKey(), k -> new TagColumns.Writer(k, 8))
                            .add(value.getKey(), slot.getValue());
                }
            }
            for (Map.Entry<Long, TagColumns.Writer> slot : bySlot.entrySet()) {
                batch.put(handle, IndexKeys.posting(head, slot.getKey(), batchNumber), slot.getValue().finish());
            }
        }
    }
}
