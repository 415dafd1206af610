/**
 * Property writes for keys that come from the file (Data names, element names): `__proto__` must become an
 * ordinary own property, never the object's prototype.
 */

/** `obj[key] = value`, safe for `__proto__`. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
