package org.ldirector.director.importer;

/** An executable the import writes beside ldirectord.cf (a wrapper that an external check runs). */
record ScriptFile(String name, String content) {
}
