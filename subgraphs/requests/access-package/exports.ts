/** An access (Art. 15) or portability (Art. 20) request: its package is built by this service. */
export const EXPORT_TYPES = ['ACCESS', 'PORTABILITY'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

export function isExport(type: string): type is ExportType {
  return (EXPORT_TYPES as readonly string[]).includes(type);
}

/** The leg an export has: this service's own (`requests`), which asks the gateway for the export (decision 97). */
export const PACKAGE_LEG = 'requests';
