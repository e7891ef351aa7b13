// Connections to a tenant-named host that can only reach public addresses: the name is resolved once, inside the
// connect itself, every address is judged by the tenant-URL policy, and the socket goes to exactly those addresses
// (no second lookup a rebinding DNS server could answer differently).
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { type HostLookup, isPrivateAddress, ownAddresses } from "./url-policy";

/** The code of the error a refused address fails the connect with. */
export const PRIVATE_ADDRESS = "EPRIVATEADDRESS";

const systemLookup: HostLookup = async (hostname) => (await Bun.dns.lookup(hostname)).map((entry) => entry.address);

/**
 * A `lookup` for net/tls connects (an Agent's option): resolves with `resolve`, refuses the connect if any address is
 * private, loopback, special or this machine's own, and hands the checked addresses to the socket. Literal IP hosts
 * never reach a lookup: the caller checks those itself (isPrivateHost).
 */
export function publicOnlyLookup(resolve: HostLookup = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const own = ownAddresses();
        if (addresses.length === 0 || addresses.some((address) => isPrivateAddress(address, own))) {
          const refused = Object.assign(new Error(`${hostname} does not resolve to public addresses only`), {
            code: PRIVATE_ADDRESS,
          });
          callback(refused, "", 4);
          return;
        }
        const entries = addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
        if (options.all) (callback as (err: null, all: typeof entries) => void)(null, entries);
        else callback(null, entries[0]!.address, entries[0]!.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, "", 4),
    );
  };
}

/** An S3 client's request handler whose every connection goes through publicOnlyLookup. */
export function publicOnlyRequestHandler(resolve?: HostLookup): NodeHttpHandler {
  const lookup = publicOnlyLookup(resolve);
  return new NodeHttpHandler({
    httpAgent: new http.Agent({ lookup }),
    httpsAgent: new https.Agent({ lookup }),
  });
}
