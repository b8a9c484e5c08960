package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.timeseries.Timeseries;
import com.aliyun.ots.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * QueryTimeseriesMeta conditions on measurement, data source, tags, attributes, update time, and their AND/OR/NOT
 * combinations.
 */
final class MetaCondition {
    private MetaCondition() {
    }

    static Predicate<Map.Entry<TimeseriesTable.TimelineKey, TimeseriesTable.Timeline>> of(
            Timeseries.MetaQueryCondition condition) throws InvalidProtocolBufferException {
        switch (condition.getType()) {
            case MEASUREMENT_CONDITION: {
                Timeseries.MetaQueryMeasurementCondition c =
                        Timeseries.MetaQueryMeasurementCondition.parseFrom(condition.getProtoData());
                return entry -> compare(c.getOp(), entry.getKey().measurement(), c.getValue());
            }
            case SOURCE_CONDITION: {
                Timeseries.MetaQuerySourceCondition c =
                        Timeseries.MetaQuerySourceCondition.parseFrom(condition.getProtoData());
                return entry -> compare(c.getOp(), entry.getKey().dataSource(), c.getValue());
            }
            case TAG_CONDITION: {
                Timeseries.MetaQueryTagCondition c = Timeseries.MetaQueryTagCondition.parseFrom(condition.getProtoData());
                return entry -> {
                    String value = entry.getValue().tags.get(c.getTagName());
                    return value != null && compare(c.getOp(), value, c.getValue());
                };
            }
            case UPDATE_TIME_CONDITION: {
                Timeseries.MetaQueryUpdateTimeCondition c =
                        Timeseries.MetaQueryUpdateTimeCondition.parseFrom(condition.getProtoData());
                if (c.getOp() == Timeseries.MetaQuerySingleOperator.OP_PREFIX) {
                    throw OtsException.parameterInvalid("OP_PREFIX does not apply to the update time.");
                }
                return entry -> compare(c.getOp(), Long.compare(entry.getValue().updateTimeMicros, c.getValue()));
            }
            case ATTRIBUTE_CONDITION: {
                Timeseries.MetaQueryAttributeCondition c =
                        Timeseries.MetaQueryAttributeCondition.parseFrom(condition.getProtoData());
                return entry -> {
                    String value = entry.getValue().attributes.get(c.getAttrName());
                    return value != null && compare(c.getOp(), value, c.getValue());
                };
            }
            case COMPOSITE_CONDITION: {
                Timeseries.MetaQueryCompositeCondition c =
                        Timeseries.MetaQueryCompositeCondition.parseFrom(condition.getProtoData());
                List<Predicate<Map.Entry<TimeseriesTable.TimelineKey, TimeseriesTable.Timeline>>> parts =
                        new ArrayList<>();
                for (Timeseries.MetaQueryCondition sub : c.getSubConditionsList()) {
                    parts.add(of(sub));
                }
                switch (c.getOp()) {
                    case OP_AND:
                        return entry -> parts.stream().allMatch(part -> part.test(entry));
                    case OP_OR:
                        return entry -> parts.stream().anyMatch(part -> part.test(entry));
                    default:
                        if (parts.size() != 1) {
                            throw OtsException.parameterInvalid("OP_NOT takes exactly one sub condition, it has "
                                    + parts.size() + ".");
                        }
                        return parts.get(0).negate();
                }
            }
            default:
                throw OtsException.parameterInvalid("Unknown meta query condition type " + condition.getType() + ".");
        }
    }

    private static boolean compare(Timeseries.MetaQuerySingleOperator op, String actual, String expected) {
        if (op == Timeseries.MetaQuerySingleOperator.OP_PREFIX) {
            return actual.startsWith(expected);
        }
        return compare(op, actual.compareTo(expected));
    }

    private static boolean compare(Timeseries.MetaQuerySingleOperator op, int order) {
        switch (op) {
            case OP_EQUAL:
                return order == 0;
            case OP_GREATER_THAN:
                return order > 0;
            case OP_GREATER_EQUAL:
                return order >= 0;
            case OP_LESS_THAN:
                return order < 0;
            case OP_LESS_EQUAL:
                return order <= 0;
            default:
                throw OtsException.parameterInvalid("Unsupported operator " + op + ".");
        }
    }
}
