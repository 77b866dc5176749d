/** The command that records a start-up of `image` (of the compose service, when it is one), for the attach warnings. */
export function startupCommand(image: string, compose: { files: string[]; service: string } | undefined): string {
  return compose
    ? `seccompose record ${compose.files.map((f) => `-f ${f}`).join(' ')} --service ${compose.service} -o DIR`
    : `seccompose record -o start.obs.json -- docker run ... ${image}`;
}
