package com.connectorservice.emulator.tablestore;

import com.aliyun.ots.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import com.aliyun.ots.thirdparty.com.google.protobuf.Message;

/** One Tablestore action: the protobuf request body in, the protobuf response out. */
@FunctionalInterface
interface Operation {
    Message handle(Instance instance, byte[] body) throws InvalidProtocolBufferException;
}
