package org.garant.flink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.garant.geo.LatLon;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.WeaponClass;

/**
 * Hand-written Flink serializers for the records that cross the job's network: detections (source → sectors) and events
 * (sectors → pairing → rules). Flink's own record path builds each record by reflection; these write the fields in a
 * fixed order. Measured with {@code garant bench flink} (docs/BENCHMARKS.md).
 */
final class Serializers {
    private Serializers() {
    }

    static final TypeInformation<Detection> DETECTION = new Info<>(Detection.class, DetectionSerializer.INSTANCE);
    static final TypeInformation<Event> EVENT = new Info<>(Event.class, EventSerializer.INSTANCE);

    private static final KindHint[] KINDS = KindHint.values();
    private static final WeaponClass[] WEAPONS = WeaponClass.values();

    /** What the serializers of immutable records share: no instance to reuse, a copy is the record itself. */
    abstract static class RecordSerializer<T> extends TypeSerializerSingleton<T> {
        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public T createInstance() {
            return null;
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public T deserialize(T reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }
    }

    static final class DetectionSerializer extends RecordSerializer<Detection> {
        static final DetectionSerializer INSTANCE = new DetectionSerializer();

        @Override
        public void serialize(Detection d, DataOutputView out) throws IOException {
            StringValue.writeString(d.id(), out);
            StringValue.writeString(d.sensorId(), out);
            out.writeLong(d.arrivalNs());
            out.writeDouble(d.bearingDeg());
            out.writeDouble(d.bearingSigmaDeg());
            out.writeByte(d.kindHint().ordinal());
            out.writeDouble(d.amplitude());
        }

        @Override
        public Detection deserialize(DataInputView in) throws IOException {
            return new Detection(StringValue.readString(in), StringValue.readString(in), in.readLong(), in.readDouble(), in.readDouble(),
                    KINDS[in.readByte()], in.readDouble());
        }

        @Override
        public TypeSerializerSnapshot<Detection> snapshotConfiguration() {
            return new DetectionSnapshot();
        }
    }

    public static final class DetectionSnapshot extends SimpleTypeSerializerSnapshot<Detection> {
        public DetectionSnapshot() {
            super(() -> DetectionSerializer.INSTANCE);
        }
    }

    static final class EventSerializer extends RecordSerializer<Event> {
        static final EventSerializer INSTANCE = new EventSerializer();

        @Override
        public void serialize(Event e, DataOutputView out) throws IOException {
            out.writeBoolean(e != null); // an unpaired event's partner is null
            if (e == null) {
                return;
            }
            StringValue.writeString(e.id(), out);
            out.writeLong(e.timeNs());
            out.writeDouble(e.position().lat());
            out.writeDouble(e.position().lon());
            out.writeDouble(e.x());
            out.writeDouble(e.y());
            out.writeDouble(e.cxx());
            out.writeDouble(e.cxy());
            out.writeDouble(e.cyy());
            out.writeByte(e.kind().ordinal());
            out.writeByte(e.weaponClass() == null ? -1 : e.weaponClass().ordinal());
            out.writeInt(e.detectionIds().size());
            for (String id : e.detectionIds()) {
                StringValue.writeString(id, out);
            }
            out.writeDouble(e.residualRmsS());
            out.writeDouble(e.crlbSigmaM());
            out.writeBoolean(e.pairedWith() != null);
            if (e.pairedWith() != null) {
                StringValue.writeString(e.pairedWith(), out);
            }
        }

        @Override
        public Event deserialize(DataInputView in) throws IOException {
            if (!in.readBoolean()) {
                return null;
            }
            String id = StringValue.readString(in);
            long t = in.readLong();
            LatLon pos = new LatLon(in.readDouble(), in.readDouble());
            double x = in.readDouble();
            double y = in.readDouble();
            double cxx = in.readDouble();
            double cxy = in.readDouble();
            double cyy = in.readDouble();
            KindHint kind = KINDS[in.readByte()];
            byte w = in.readByte();
            int n = in.readInt();
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(StringValue.readString(in));
            }
            double residual = in.readDouble();
            double crlb = in.readDouble();
            String paired = in.readBoolean() ? StringValue.readString(in) : null;
            return new Event(id, t, pos, x, y, cxx, cxy, cyy, kind, w < 0 ? null : WEAPONS[w], List.copyOf(ids), residual, crlb, paired);
        }

        @Override
        public TypeSerializerSnapshot<Event> snapshotConfiguration() {
            return new EventSnapshot();
        }
    }

    public static final class EventSnapshot extends SimpleTypeSerializerSnapshot<Event> {
        public EventSnapshot() {
            super(() -> EventSerializer.INSTANCE);
        }
    }

    /** The type information that hands Flink one of the serializers above. */
    static final class Info<T> extends TypeInformation<T> {
        private final Class<T> type;
        private final TypeSerializer<T> serializer;

        Info(Class<T> type, TypeSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return "Garant " + type.getSimpleName();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info<?> i && i.type == type;
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info<?>;
        }
    }
}
