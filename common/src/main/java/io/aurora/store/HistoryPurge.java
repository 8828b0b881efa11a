package io.aurora.store;

/**
 * What erasing a tenant's history from one table did: data files of earlier versions deleted from
 * the tenant's partition, log files (commits, checksums, checkpoints) deleted before the new
 * checkpoint, and the oldest version that can still be read (time travel stops there).
 */
public record HistoryPurge(long dataFilesDeleted, long logFilesDeleted, long oldestReadableVersion) {}
