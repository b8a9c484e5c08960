package com.connectorservice.controlplane.syncjob;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.PageResponse;
import com.connectorservice.controlplane.api.ProblemResponses;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/instances/{instanceId}")
@Tag(name = "Sync jobs", description = "Scheduled time-window sync from Kafka into MaxCompute partitions (seed 002)")
class SyncJobController {

    private final SyncJobService service;
    private final SampleFields sampleFields;

    SyncJobController(SyncJobService service, SampleFields sampleFields) {
        this.service = service;
        this.sampleFields = sampleFields;
    }

    @PostMapping("/sync-jobs")
    @Operation(operationId = "createSyncJob", summary = "Create a sync job; it is scheduled at once unless enabled is false")
    @ApiResponse(responseCode = "201", description = "Created")
    @ProblemResponses({400, 404, 409, 502})
    ResponseEntity<SyncJobResponse> create(@PathVariable String instanceId, @RequestBody SyncJobDefinition definition) {
        SyncJobResponse created = service.create(instanceId, definition);
        return ResponseEntity.created(URI.create("/api/v1/instances/" + instanceId + "/sync-jobs/" + created.name())).body(created);
    }

    @PostMapping("/sync-jobs:validate")
    @Operation(operationId = "validateSyncJob", summary = "Check a sync job without saving it; a valid one comes back with its next windows")
    @ProblemResponses({400, 404})
    SyncJobValidation validate(@PathVariable String instanceId, @RequestBody SyncJobDefinition definition) {
        return service.validate(instanceId, definition);
    }

    @PostMapping("/sync-jobs:sample-fields")
    @Operation(operationId = "sampleSyncJobFields", summary = "The six Kafka fields and the JSON paths found in the topic's latest records, for the mapping editor")
    @ProblemResponses({400, 404, 502})
    SampleFields.Fields sample(@PathVariable String instanceId, @RequestBody SampleFields.Request request) {
        return sampleFields.sample(instanceId, request);
    }

    @GetMapping("/sync-jobs")
    @Operation(operationId = "listSyncJobs")
    @ProblemResponses({400, 404})
    PageResponse<SyncJobResponse> list(@PathVariable String instanceId, @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return service.list(instanceId, q, page, size);
    }

    @GetMapping("/sync-jobs/{name}")
    @Operation(operationId = "getSyncJob")
    @ProblemResponses({404})
    SyncJobResponse get(@PathVariable String instanceId, @PathVariable String name) {
        return service.get(instanceId, name);
    }

    @PutMapping("/sync-jobs/{name}")
    @Operation(operationId = "updateSyncJob")
    @ProblemResponses({400, 404, 409})
    SyncJobResponse update(@PathVariable String instanceId, @PathVariable String name, @RequestBody SyncJobDefinition definition) {
        return service.update(instanceId, name, definition);
    }

    @DeleteMapping("/sync-jobs/{name}")
    @Operation(operationId = "deleteSyncJob", summary = "Deletes the job, its run history and its consumer group",
            description = "The consumer group goes unless another application has used it since (members, or offsets"
                    + " that the job's runs did not commit); a run under way is cancelled by its agent.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemResponses({404})
    ResponseEntity<Void> delete(@PathVariable String instanceId, @PathVariable String name) {
        service.delete(instanceId, name);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/sync-jobs/{name}/pause")
    @Operation(operationId = "pauseSyncJob", summary = "Stop scheduling the job (runs under way finish)")
    @ProblemResponses({404})
    SyncJobResponse pause(@PathVariable String instanceId, @PathVariable String name) {
        return service.setEnabled(instanceId, name, false);
    }

    @PostMapping("/sync-jobs/{name}/resume")
    @Operation(operationId = "resumeSyncJob", summary = "Schedule the job again from now on")
    @ProblemResponses({404})
    SyncJobResponse resume(@PathVariable String instanceId, @PathVariable String name) {
        return service.setEnabled(instanceId, name, true);
    }

    @GetMapping("/sync-jobs/{name}/windows")
    @Operation(operationId = "listSyncJobWindows", summary = "The next windows the scheduler will run")
    @ProblemResponses({400, 404})
    List<WindowPreview> windows(@PathVariable String instanceId, @PathVariable String name,
            @RequestParam(defaultValue = "5") int count) {
        return service.nextWindows(instanceId, name, count);
    }

    @PostMapping("/sync-jobs/{name}/runs")
    @Operation(operationId = "startSyncRun", summary = "Run with parameters (seed 002's trial run): the window of the given values, now")
    @ApiResponse(responseCode = "202", description = "Accepted: an agent runs it")
    @ProblemResponses({400, 404, 409})
    ResponseEntity<SyncRunView> trialRun(@PathVariable String instanceId, @PathVariable String name,
            @RequestBody(required = false) TrialRunRequest request) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(service.trialRun(instanceId, name, request));
    }

    @GetMapping("/sync-jobs/{name}/runs")
    @Operation(operationId = "listSyncRuns")
    @ProblemResponses({400, 404})
    PageResponse<SyncRunView> runs(@PathVariable String instanceId, @PathVariable String name,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return service.runs(instanceId, name, page, size);
    }

    @GetMapping("/sync-jobs/{name}/runs/{runId}")
    @Operation(operationId = "getSyncRun")
    @ProblemResponses({404})
    SyncRunView run(@PathVariable String instanceId, @PathVariable String name, @PathVariable long runId) {
        return service.run(instanceId, name, runId);
    }

    @PostMapping("/sync-jobs/{name}/runs/{runId}/rerun")
    @Operation(operationId = "rerunSyncRun", summary = "Run a finished run's window again: its partition is replaced (takes in late records)")
    @ApiResponse(responseCode = "202", description = "Accepted: an agent runs it")
    @ProblemResponses({404, 409})
    ResponseEntity<SyncRunView> rerun(@PathVariable String instanceId, @PathVariable String name, @PathVariable long runId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(service.rerun(instanceId, name, runId));
    }

    @GetMapping("/sync-jobs/{name}/target-table")
    @Operation(operationId = "getSyncJobTargetTable", summary = "The CREATE TABLE statement of the target table (seed 002 appendix)")
    @ProblemResponses({404})
    TargetTable targetTable(@PathVariable String instanceId, @PathVariable String name) {
        return service.targetTable(instanceId, name, false);
    }

    @PostMapping("/sync-jobs/{name}/target-table")
    @Operation(operationId = "createSyncJobTargetTable", summary = "Create the target table with that statement")
    @ProblemResponses({404, 409, 502})
    TargetTable createTargetTable(@PathVariable String instanceId, @PathVariable String name) {
        return service.targetTable(instanceId, name, true);
    }
}
