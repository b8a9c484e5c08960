package com.connectorservice.emulator.maxcompute;

import java.nio.file.Path;

import com.aliyun.odps.Instance;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.task.SQLTask;

/** Starts an emulator on a free port over a data directory and hands out SDK clients for it. */
final class EmulatorFixture implements AutoCloseable {

    static final String PROJECT = "connector_test";
    static final String ACCESS_ID = "local-ak";
    static final String ACCESS_KEY = "local-sk";

    final Path dataDirectory;
    MaxComputeEmulator emulator;

    EmulatorFixture(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        start();
    }

    void start() {
        start(0);
    }

    private void start(int port) {
        emulator = MaxComputeEmulator.builder().port(port).dataDirectory(dataDirectory)
                .credential(ACCESS_ID, ACCESS_KEY).credential("second-ak", "second-sk")
                .project(PROJECT).project("other_project").start();
    }

    /** Stops and starts again on the same port over the same data directory. */
    void restart() {
        int port = emulator.port();
        emulator.close();
        start(port);
    }

    Odps odps() {
        return odps(ACCESS_ID, ACCESS_KEY);
    }

    Odps odps(String accessId, String accessKey) {
        Odps odps = new Odps(new AliyunAccount(accessId, accessKey));
        odps.setEndpoint(emulator.endpoint());
        odps.setDefaultProject(PROJECT);
        return odps;
    }

    /** Runs SQL through the SDK's SQLTask and returns the raw result text. */
    String sql(String sql) throws OdpsException {
        Instance instance = SQLTask.run(odps(), sql);
        instance.waitForSuccess();
        return instance.getTaskResults().get("AnonymousSQLTask");
    }

    @Override
    public void close() {
        emulator.close();
    }
}
