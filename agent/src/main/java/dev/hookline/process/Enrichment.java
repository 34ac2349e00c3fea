package dev.hookline.process;

import dev.hookline.install.InstallContext;
import dev.hookline.schema.AdditionalFields;
import dev.hookline.schema.Column;
import dev.hookline.schema.Columns;
import dev.hookline.schema.Event;

/** Fills the MDE process columns of an event from process-table entries. */
public final class Enrichment {
    private Enrichment() {
    }

    /** The created process's own columns (DeviceProcessEvents / ProcessCreated). */
    public static void fillCreated(Event e, ProcessInfo p) {
        e.set(Columns.FILE_NAME, p.fileName());
        e.set(Columns.FOLDER_PATH, p.imagePath());
        e.set(Columns.PROCESS_COMMAND_LINE, p.commandLine());
        e.set(Columns.PROCESS_ID, p.pid());
        e.set(Columns.PROCESS_CREATION_TIME, p.creationTimeNanos());
        setIfKnown(e, Columns.PROCESS_UNIQUE_ID, ProcessUniqueId.of(p.pid(), p.creationTimeNanos()));
        e.set(Columns.ACCOUNT_NAME, p.account().name());
        e.set(Columns.ACCOUNT_DOMAIN, p.account().domain());
        e.set(Columns.ACCOUNT_SID, p.account().sid());
    }

    private static void setIfKnown(Event e, Column c, String value) {
        if (value != null) {
            e.set(c, value);
        }
    }

    /**
     * The InitiatingProcess* columns from the initiating process, and its parent's from the table. A null
     * initiator leaves the columns empty, which Kusto reads as "".
     */
    public static void fillInitiating(Event e, ProcessInfo p, ProcessTable table) {
        if (p == null) {
            return;
        }
        e.set(Columns.INITIATING_PROCESS_FILE_NAME, p.fileName());
        e.set(Columns.INITIATING_PROCESS_FOLDER_PATH, p.imagePath());
        e.set(Columns.INITIATING_PROCESS_COMMAND_LINE, p.commandLine());
        e.set(Columns.INITIATING_PROCESS_ID, p.pid());
        e.set(Columns.INITIATING_PROCESS_CREATION_TIME, p.creationTimeNanos());
        setIfKnown(e, Columns.INITIATING_PROCESS_UNIQUE_ID, ProcessUniqueId.of(p.pid(), p.creationTimeNanos()));
        e.set(Columns.INITIATING_PROCESS_ACCOUNT_NAME, p.account().name());
        e.set(Columns.INITIATING_PROCESS_ACCOUNT_DOMAIN, p.account().domain());
        e.set(Columns.INITIATING_PROCESS_ACCOUNT_SID, p.account().sid());
        if (p.ppid() > 0) {
            e.set(Columns.INITIATING_PROCESS_PARENT_ID, p.ppid());
            ProcessInfo parent = table == null ? null
                    : (p.creationTimeNanos() == Event.NULL ? table.get(p.ppid()) : table.getAt(p.ppid(), p.creationTimeNanos()));
            if (parent != null) {
                e.set(Columns.INITIATING_PROCESS_PARENT_FILE_NAME, parent.fileName());
                e.set(Columns.INITIATING_PROCESS_PARENT_CREATION_TIME, parent.creationTimeNanos());
            }
        }
    }

    /**
     * Adds the process's install context (InstallManager, InstallPackage, InstallVersion, InstallPhase...) and its
     * container (ContainerId, ContainerRuntime, ContainerImage) to a row's AdditionalFields: the created image's on a
     * process row, the initiator's on a network or file row.
     */
    public static void addInstall(AdditionalFields notes, ProcessInfo p) {
        InstallContext c = p == null ? null : p.install();
        if (c != null) {
            c.addTo(notes);
        }
        ContainerIds.Container k = p == null ? null : p.container();
        if (k != null) {
            notes.put("ContainerId", k.id()).put("ContainerRuntime", k.runtime()).put("ContainerImage", k.image());
        }
    }
}
