// Route validation: the one shared definition (@waule/shared/validate), re-exported where this service's routes import it.
export { validate } from "@waule/shared/validate";
