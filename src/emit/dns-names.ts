/**
 * Kubernetes object names (k8s.io/apimachinery validation): most objects, SeccompProfile and
 * ProfileBinding included, take a DNS-1123 subdomain; a namespace takes a DNS-1123 label.
 */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;

/** Why `name` is not a DNS-1123 label (namespaces), or undefined when it is one. */
export function dns1123LabelProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > DNS1123_LABEL_MAX) return `it is ${name.length} characters long (at most ${DNS1123_LABEL_MAX})`;
  if (!DNS1123_LABEL.test(name))
    return 'it must consist of lower-case letters, digits and "-", and start and end with a letter or digit';
  return undefined;
}

/** Why `name` is not a DNS-1123 subdomain (object names), or undefined when it is one. */
export function dns1123SubdomainProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > DNS1123_SUBDOMAIN_MAX)
    return `it is ${name.length} characters long (at most ${DNS1123_SUBDOMAIN_MAX})`;
  const bad = name.split('.').find((part) => part.length === 0 || !DNS1123_LABEL.test(part));
  if (bad !== undefined)
    return 'it must consist of lower-case letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit';
  return undefined;
}

/** A DNS-1123 subdomain made from free text (a file name): lower case, other characters as "-". */
export function toDns1123Name(text: string, fallback: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .split('.')
    .map((part) => part.replace(/^-+|-+$/g, ''))
    .filter((part) => part !== '')
    .join('.')
    .slice(0, DNS1123_SUBDOMAIN_MAX);
  return dns1123SubdomainProblem(name) === undefined ? name : fallback;
}
