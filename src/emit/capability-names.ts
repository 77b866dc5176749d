/** 'CAP_NET_BIND_SERVICE' → 'NET_BIND_SERVICE': the spelling compose, `docker run` and Kubernetes examples use. */
export function bareCapability(name: string): string {
  return name.replace(/^CAP_/, '');
}

/** Sorted, de-duplicated bare capability names for cap_add / --cap-add / capabilities.add. */
export function bareCapabilities(names: readonly string[]): string[] {
  return [...new Set(names.map(bareCapability))].sort();
}
