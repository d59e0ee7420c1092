import { createCheckoutReturnHandler } from './handler.ts';
import { serve } from '../_shared/runtime/serve.ts';

serve(createCheckoutReturnHandler());
