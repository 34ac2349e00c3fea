package dev.hookline.kql.eval.fn;

import dev.hookline.kql.parse.KType;

/**
 * Hookline's own functions over process ancestry and recent file writes ({@link Ancestry}, {@link WrittenBy});
 * they live beside the engine because they read the frame's process table. Registered in
 * {@link dev.hookline.kql.eval.fn.Functions} like every other family.
 */
final class HooklineFunctions {
    private HooklineFunctions() {
    }

    public static void register(FunctionTable t) {
        t.add(FunctionDef.named(Ancestry.NAME).args(2, FunctionDef.VARARGS)
                .signature(Ancestry.NAME + "(depth, names...)")
                .usage(Ancestry.NAME + "(4, dynamic([\"npm\", \"pip\"]))")
                .doc("Whether an ancestor of the event's process up to depth levels up has a file name that has one"
                        + " of names (streaming only).")
                .returns(KType.BOOL).node((c, type) -> Ancestry.compile(c)));
        t.add(FunctionDef.named(Ancestry.CMDLINE).args(2, FunctionDef.VARARGS)
                .signature(Ancestry.CMDLINE + "(depth, terms...)")
                .usage(Ancestry.CMDLINE + "(4, dynamic([\"npm install\"]))")
                .doc("Whether an ancestor of the event's process up to depth levels up has a command line that has"
                        + " one of terms (streaming only).")
                .returns(KType.BOOL).node((c, type) -> Ancestry.compile(c)));
        t.add(FunctionDef.named(WrittenBy.BY).args(3)
                .signature(WrittenBy.BY + "(path, window, names)")
                .usage(WrittenBy.BY + "(FolderPath, 10m, dynamic([\"curl\", \"wget\"]))")
                .doc("Whether the file at path was last written at most window before the event by a process whose"
                        + " name or command line has one of names (streaming only).")
                .returns(KType.BOOL).node((c, type) -> WrittenBy.compile(c)));
        t.add(FunctionDef.named(WrittenBy.BELOW).args(5)
                .signature(WrittenBy.BELOW + "(path, window, depth, images, commands)")
                .usage(WrittenBy.BELOW + "(FolderPath, 10m, 6, dynamic([\"npm\", \"pip\"]), dynamic([\"npm install\"]))")
                .doc("Whether the file at path was last written at most window before the event by a process with"
                        + " an ancestor up to depth levels up matching images or commands (streaming only).")
                .returns(KType.BOOL).node((c, type) -> WrittenBy.compile(c)));
    }
}
